/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tpd-conf.h"

#include <stddef.h>
#include <string.h>

const char *const tp_config_log_levels[] = { "info", "debug", NULL };

static const TpField tp_general_fields[] = {
	{ "LogLevel", TP_FIELD_ENUM, offsetof(TpConfig, log_level),
	  .choices = tp_config_log_levels },
	{ NULL },
};

static const TpField tp_limits_fields[] = {
	{ "MaxIntensity", TP_FIELD_UINT, offsetof(TpConfig, max_intensity),
	  false, 1, 100 },
	{ NULL },
};

/* [Simulator] as written: Devices is a number of guns or a list of kinds. */
typedef struct {
	char *devices;
} TpSimulatorText;

static const TpField tp_simulator_fields[] = {
	{ "Devices", TP_FIELD_STRING, offsetof(TpSimulatorText, devices) },
	{ NULL },
};

static const TpField tp_bluetooth_fields[] = {
	{ "AutoAdopt", TP_FIELD_BOOL, offsetof(TpConfig, auto_adopt) },
	{ "ReconnectMin", TP_FIELD_DOUBLE, offsetof(TpConfig, reconnect_min),
	  false, 0.05, 60 },
	{ "ReconnectMax", TP_FIELD_DOUBLE, offsetof(TpConfig, reconnect_max),
	  false, 0.05, 3600 },
	{ NULL },
};

void tp_config_init(TpConfig *config)
{
	/* Zeroed first, padding included, so that configurations compare. */
	memset(config, 0, sizeof(*config));
	config->log_level = 0;
	config->max_intensity = 100;
	config->sim_devices = 1; /* a gun (kind 0) */
	config->reconnect_min = 1;
	config->reconnect_max = 60;
	config->auto_adopt = true;
}

/* "3" (three guns, as before kinds could be named) or "gun;roller;wand". */
static bool tp_config_sim_devices(TpConfig *config, const char *text)
{
	g_auto(GStrv) kinds = NULL;
	guint64 n;
	unsigned count = 0;

	if (g_ascii_isdigit(text[0])) {
		if (!g_ascii_string_to_unsigned(
			text, 10, 1, TP_CONFIG_MAX_SIM_DEVICES, &n, NULL))
			return false;
		config->sim_devices = n;
		memset(config->sim_kinds, 0, sizeof(config->sim_kinds));
		return true;
	}
	kinds = g_strsplit(text, ";", -1);
	for (guint i = 0; kinds[i]; i++) {
		const char *kind = g_strstrip(kinds[i]);
		int k = -1;
		if (!*kind && !kinds[i + 1])
			break; /* a list may end in ';' */
		for (int j = 0; tp_tool_kinds[j] && k < 0; j++)
			if (g_str_equal(tp_tool_kinds[j], kind))
				k = j;
		if (k < 0 || count == TP_CONFIG_MAX_SIM_DEVICES)
			return false;
		config->sim_kinds[count++] = k;
	}
	config->sim_devices = count;
	return count > 0;
}

static bool tp_config_parse_simulator(TpDataFile *file, TpConfig *config,
				      TpProblems *problems)
{
	TpSimulatorText text = { 0 };
	bool ok = tp_data_file_parse_group(
	    file, "Simulator", tp_simulator_fields, &text, problems);

	if (ok && text.devices &&
	    !tp_config_sim_devices(config, text.devices)) {
		tp_data_file_problem(file, problems, "Simulator", "Devices",
				     "'%s' is neither a number of guns (1 to "
				     "%d) nor a list of gun, roller and wand",
				     text.devices, TP_CONFIG_MAX_SIM_DEVICES);
		ok = false;
	}
	tp_fields_clear(tp_simulator_fields, &text);
	return ok;
}

bool tp_config_load(TpConfig *config, const char *path, bool required,
		    TpProblems *problems)
{
	static const struct {
		const char *group;
		const TpField *fields;
	} sections[] = {
		{ "General", tp_general_fields },
		{ "Limits", tp_limits_fields },
		{ "Bluetooth", tp_bluetooth_fields },
	};
	static const char *const groups[] = { "General", "Limits", "Simulator",
					      "Bluetooth", NULL };
	g_autoptr(TpDataFile) file = NULL;
	TpConfig parsed = *config;
	bool ok;

	if (!required && !g_file_test(path, G_FILE_TEST_EXISTS))
		return true;
	file = tp_data_file_load(path, problems);
	if (!file)
		return false;
	ok = tp_data_file_check_groups(file, groups, problems);
	for (size_t i = 0; i < G_N_ELEMENTS(sections); i++)
		if (tp_data_file_line(file, sections[i].group, NULL))
			ok &= tp_data_file_parse_group(file, sections[i].group,
						       sections[i].fields,
						       &parsed, problems);
	if (tp_data_file_line(file, "Simulator", NULL))
		ok &= tp_config_parse_simulator(file, &parsed, problems);
	if (ok && parsed.reconnect_max < parsed.reconnect_min) {
		tp_data_file_problem(file, problems, "Bluetooth",
				     "ReconnectMax",
				     "shorter than ReconnectMin");
		ok = false;
	}
	/* All or nothing: a half-applied configuration helps nobody. */
	if (ok)
		*config = parsed;
	return ok;
}

TpDevicePolicy tp_config_device_policy(const TpConfig *config)
{
	return (TpDevicePolicy){
		.max_intensity = config->max_intensity,
		.reconnect_min_ms = config->reconnect_min * 1000,
		.reconnect_max_ms = config->reconnect_max * 1000,
		.auto_adopt = config->auto_adopt,
	};
}
