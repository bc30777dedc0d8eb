import type { CommandCompletion } from "./completion-spec.ts";

/** A word in single quotes for zsh and bash. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The zsh completion script (same rules as bash's): `eval "$(hop3 completion zsh)"` after compinit, or saved as `_hop3` in $fpath. */
export function zshCompletion(specs: readonly CommandCompletion[]): string {
  const described = specs.map((spec) => `    ${quoted(`${spec.name.replaceAll(":", "\\:")}:${spec.summary}`)}`).join("\n");
  const list = (words: readonly (string | number)[]) => words.map(String).join(" ");
  const cases = specs
    .map((spec) => `    ${spec.name}) flags=(${list(spec.flags)}); values=(${list(spec.valueFlags)}); appflags=(${list(spec.appFlags)}); appargs=(${list(spec.appArgs)}) ;;`)
    .join("\n");
  return `#compdef hop3
# zsh completion for hop3: eval "$(hop3 completion zsh)" after compinit, or save as _hop3 in $fpath
_hop3() {
  local -a commands flags values appflags appargs
  commands=(
${described}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local cmd=\${words[2]} cur=\${words[CURRENT]} prev=\${words[CURRENT-1]}
  case $cmd in
${cases}
  esac
  if (( \${appflags[(Ie)$prev]} )); then
    compadd -- \${(f)"$(\${words[1]} apps --names 2>/dev/null)"}
  elif (( \${values[(Ie)$prev]} )); then
    _files
  elif [[ $cur == -* ]]; then
    compadd -- $flags
  else
    local n=0 i
    for (( i = 3; i < CURRENT; i++ )); do
      if [[ \${words[i]} == -* ]]; then
        (( \${values[(Ie)\${words[i]}]} )) && (( i++ ))
      else
        (( n++ ))
      fi
    done
    if (( \${appargs[(Ie)$n]} )); then
      compadd -- \${(f)"$(\${words[1]} apps --names 2>/dev/null)"}
    else
      _files
    fi
  fi
}
if [[ "\${funcstack[1]}" == "_hop3" ]]; then _hop3 "$@"; else compdef _hop3 hop3; fi
`;
}
