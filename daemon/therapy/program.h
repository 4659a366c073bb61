/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "common/datafile-pack.h"

/*
 * A program: data/programs/<id>.program, a [Program] group and steps
 * [Step 1] … [Step N]. Rules every program must meet, so that treatment
 * starts gently and never gets too hard too fast:
 */
#define TP_GENTLE_START 30.0 /* percent: the first step starts at most here */
#define TP_MAX_STEP_JUMP                                                \
	15.0		     /* percent: a step starts at most this far \
				above where the previous one ended */
#define TP_MAX_RAMP_RATE 5.0 /* percent per second, rising */
#define TP_MAX_STEPS	 32

typedef enum {
	TP_PATTERN_STEADY,
	TP_PATTERN_PULSE, /* on for Duty of each Period, then down by Depth */
	TP_PATTERN_WAVE,  /* a smooth swell of Depth over each Period */
} TpPattern;

typedef struct {
	char *name;
	char *cue;
	double duration; /* seconds */
	double start;	 /* percent at the step's start */
	double end;	 /* percent at its end; linear ramp between */
	int pattern;	 /* TpPattern */
	double period;	 /* seconds, pulse and wave */
	double duty;	 /* pulse: fraction of the period on */
	double depth;	 /* fraction of the level taken away at the low point */
	bool hold;	 /* the tool stays on one spot: capped by SpotLimit */
} TpStep;

/*
 * A program may come in variants for different tools: release.gun.program
 * and release.wand.program are both program "release", and a session takes
 * the one made for the device in hand.
 */
typedef struct {
	char *id;      /* the program: "release" */
	char *variant; /* "gun" of release.gun.program, or NULL */
	char *key;     /* the file's name without .program: "release.gun" */
	char *name;
	char *description;
	char **kinds; /* tool kinds it suits */
	TpStep *steps;
	unsigned n_steps;
} TpProgram;

TpProgram *tp_program_parse(TpDataFile *file, const char *id,
			    TpProblems *problems);
void tp_program_free(TpProgram *program);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpProgram, tp_program_free)
/* A read-only copy of @program in @pack, freed with it (never with
 * tp_program_free()). */
TpProgram *tp_program_pack(const TpProgram *program, TpPack *pack);

/* Seconds for one side, before any spot limit. */
double tp_program_duration(const TpProgram *program);
/* How long @step runs when a hold may last at most @hold_limit seconds
 * (0: no limit). */
double tp_step_duration(const TpStep *step, unsigned hold_limit);
/* The whole program on one side, holds capped at @hold_limit. */
double tp_program_duration_held(const TpProgram *program, unsigned hold_limit);
bool tp_program_suits(const TpProgram *program, const char *kind);
