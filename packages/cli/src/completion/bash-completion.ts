import type { CommandCompletion } from "./completion-spec.ts";

/**
 * The bash completion script: commands, then each command's flags, and app names (from
 * `hop3 apps --names`, run with the program the user typed) where an argument or flag takes
 * one. Words are split from COMP_LINE on blanks, not COMP_WORDS, which bash splits at the `:`
 * of `apps:info`; replies are trimmed to what follows the current word's last `:`.
 */
export function bashCompletion(specs: readonly CommandCompletion[]): string {
  const cases = specs
    .map((spec) => `    ${spec.name}) flags="${spec.flags.join(" ")}"; values="${spec.valueFlags.join(" ")}"; appflags="${spec.appFlags.join(" ")}"; appargs="${spec.appArgs.join(" ")}" ;;`)
    .join("\n");
  return `# bash completion for hop3: eval "$(hop3 completion bash)", e.g. in ~/.bashrc
_hop3_apps() {
  "\${_hop3_program:-hop3}" apps --names 2>/dev/null
}
_hop3() {
  local line="\${COMP_LINE:0:COMP_POINT}"
  local -a words
  read -r -a words <<< "$line"
  local cur=""
  if [[ "$line" != *[[:blank:]] ]]; then cur="\${words[\${#words[@]}-1]}"; unset 'words[\${#words[@]}-1]'; fi
  local _hop3_program="\${words[0]}"
  local -a candidates=()
  if [[ \${#words[@]} -le 1 ]]; then
    candidates=($(compgen -W "${specs.map((spec) => spec.name).join(" ")} help --help --version" -- "$cur"))
  else
    local cmd="\${words[1]}" flags="" values="" appflags="" appargs=""
    case "$cmd" in
${cases}
      help) flags=""; appargs="" ;;
    esac
    local prev="\${words[\${#words[@]}-1]}"
    if [[ " $appflags " == *" $prev "* ]]; then
      candidates=($(compgen -W "$(_hop3_apps)" -- "$cur"))
    elif [[ " $values " == *" $prev "* ]]; then
      candidates=()
    elif [[ "$cur" == -* ]]; then
      candidates=($(compgen -W "$flags" -- "$cur"))
    else
      # The position of the word being completed among the command's arguments.
      local n=0 i
      for ((i = 2; i < \${#words[@]}; i++)); do
        if [[ "\${words[i]}" == -* ]]; then
          [[ " $values " == *" \${words[i]} "* ]] && ((i++))
        else
          ((n++))
        fi
      done
      if [[ " $appargs " == *" $n "* ]]; then candidates=($(compgen -W "$(_hop3_apps)" -- "$cur")); fi
    fi
  fi
  # bash replaces only what follows the last ":" of the word: drop that much of each reply.
  if [[ "$cur" == *:* ]]; then
    local prefix="\${cur%"\${cur##*:}"}"
    candidates=("\${candidates[@]#"$prefix"}")
  fi
  COMPREPLY=("\${candidates[@]}")
}
complete -F _hop3 hop3
`;
}
