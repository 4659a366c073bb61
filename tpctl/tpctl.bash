# SPDX-License-Identifier: LGPL-2.1-or-later
# bash completion for tpctl(1). Muscles, programs, zones and devices come
# from the running tpd through 'tpctl complete', on the bus the command
# line names, so they are always those tpd knows.

_tpctl_words()
{
	tpctl "${_tpctl_bus[@]}" complete "$1" 2>/dev/null
}

_tpctl_reply()
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_tpctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd='' i
	_tpctl_bus=()

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--session | --system) _tpctl_bus+=("${COMP_WORDS[i]}") ;;
		-*) ;;
		*) [[ -z $cmd ]] && cmd=${COMP_WORDS[i]} && break ;;
		esac
	done
	# Bus options may also follow the command.
	for ((; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--session | --system) _tpctl_bus+=("${COMP_WORDS[i]}") ;;
		esac
	done

	case $prev in
	--muscle | -m) _tpctl_reply "$(_tpctl_words muscles)"; return ;;
	--program | -p) _tpctl_reply "$(_tpctl_words programs)"; return ;;
	--device | -d) _tpctl_reply "$(_tpctl_words devices)"; return ;;
	--side | -s) _tpctl_reply "left"$'\n'"right"$'\n'"both"; return ;;
	--pain) _tpctl_reply "$(seq 0 10)"; return ;;
	--scale | --timeout | --id | --days) COMPREPLY=(); return ;;
	esac

	local common='--session --system --help'
	case $cmd in
	'')
		_tpctl_reply "$(tpctl complete commands 2>/dev/null)"$'\n'"--session"$'\n'"--system"$'\n'"--json"$'\n'"--help"$'\n'"--version"
		;;
	start)
		_tpctl_reply "$(printf '%s\n' --muscle --program --device --side --scale --pain $common)"
		;;
	find)
		if [[ $cur == -* ]]; then
			_tpctl_reply "$(printf '%s\n' --json $common)"
		else
			_tpctl_reply "$(_tpctl_words zones)"
		fi
		;;
	history)
		_tpctl_reply "$(printf '%s\n' --muscle --days --json $common)"
		;;
	rate)
		if [[ $cur == -* ]]; then
			_tpctl_reply "$(printf '%s\n' --id $common)"
		else
			_tpctl_reply "$(seq 0 10)"
		fi
		;;
	list)
		if [[ $cur == -* ]]; then
			_tpctl_reply "$(printf '%s\n' --json $common)"
		else
			_tpctl_reply "$(printf '%s\n' muscles programs zones devices)"
		fi
		;;
	connect | disconnect | forget)
		_tpctl_reply "$(_tpctl_words devices)"
		;;
	stop)
		_tpctl_reply "$(printf '%s\n' --device $common)"
		;;
	status | monitor | version)
		_tpctl_reply "$(printf '%s\n' --json $common)"
		;;
	scan)
		_tpctl_reply "$(printf '%s\n' --timeout $common)"
		;;
	esac
}

complete -F _tpctl tpctl
