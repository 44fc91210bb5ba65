# bash completion for api (generated from the option table; do not edit)
_api() {
    local cur prev
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    case "$prev" in
        --output|-o|--input|--cacert|--cert|--key|--ready-file|--routes) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --static) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --print|-p) COMPREPLY=($(compgen -W "H B h b m hb HBhbm" -- "$cur")); return ;;
        --pretty) COMPREPLY=($(compgen -W "all colors format none" -- "$cur")); return ;;
        --profile|--base|--header|-H|--user-agent|--auth|-a|--bearer|--max-redirects|--timeout|--connect-timeout|--proxy|--ok|--query|-q|--arg|--argjson|--args|--retry|--retry-max-time|--max-pages|--next-url|--items|--parallel|--rate|--port|--host|--delay|--idle-timeout|--cors|--max-body|--id|--fks|--journal|--fail|--fail-status|--jitter|--store|--pool) return ;;
        completions) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;
        help) COMPREPLY=($(compgen -W "get post put patch delete head options serve batch profiles completions help" -- "$cur")); return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "--help -h --version --man --profile --base --print -p --include -i --verbose -v --silent -s --pretty --sort-keys --output -o --download -d --continue -c --offline --curl --form -f --multipart --input --no-stdin --header -H --user-agent --auth -a --bearer --follow-any-origin --follow -F --max-redirects --timeout --connect-timeout --insecure -k --cacert --cert --key --http1.1 --http2 --proxy --no-compressed --ignore-status --ok --query -q --arg --argjson --args --raw -r --retry --retry-all-methods --retry-max-time --paginate --max-pages --next-url --items --ndjson --stream --parallel --rate --fail-fast --mock --port --host --static --delay --idle-timeout --read-only --no-watch --cors --max-body --ready-file --quiet --strict --id --fks --routes --no-admin --journal --fail --fail-status --jitter --store --pool" -- "$cur"))
        return
    fi
    local i word positionals=0 skip=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        if ((skip)); then skip=0; continue; fi
        case " --profile --base --print -p --pretty --output -o --input --header -H --user-agent --auth -a --bearer --max-redirects --timeout --connect-timeout --cacert --cert --key --proxy --ok --query -q --arg --argjson --args --retry --retry-max-time --max-pages --next-url --items --parallel --rate --port --host --static --delay --idle-timeout --cors --max-body --ready-file --id --fks --routes --journal --fail --fail-status --jitter --store --pool " in *" $word "*) skip=1; continue ;; esac
        [[ "$word" == -* ]] || positionals=$((positionals + 1))
    done
    if ((positionals == 0)); then
        COMPREPLY=($(compgen -W "get post put patch delete head options serve batch profiles completions help" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _api api
