"""What TAB offers beyond click's own completion of commands, options and choices.

SET arguments offer patch files (the workspace's amendments/ first, then the YAML files and
folders of the path being typed), PLAN arguments and --plan offer plan files, and where a
command takes amendment ids (``decide SET AMENDMENT...``, ``apply --only/--exclude``) the
ids of the set named earlier on the line, or of the workspace's sets; a TARGET (``show``,
``log``, ``blame``) the plan's goals and elements in its own words ("Goal A.5, key area
(1)"), in the compact form or by id, as typed. Each callback answers at once and never
fails: a file that cannot be read offers nothing (completion runs on every TAB, and a
traceback in the middle of a command line helps nobody).

Bash inserts what it is offered as it is, so ``53(a)`` would reach the command line as
shell syntax; :class:`BashComplete` quotes it (``53\\(a\\)``). zsh and fish quote what they
insert themselves. Bash and zsh put no space after what can go on: a folder
(``amendments/``), so that TAB goes on into it (fish does so on its own), an item of a
comma-separated list (``--only 53(a)``, where a space would end the list), and a goal
(``Goal A.5``, before ", key area (1)"); such values are of type ``more``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from click.shell_completion import BashComplete as ClickBashComplete
from click.shell_completion import CompletionItem, add_completion_class
from click.shell_completion import FishComplete as ClickFishComplete
from click.shell_completion import ZshComplete as ClickZshComplete

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]
MORE = "more"  # a value that can go on: inserted like a plain one, with no space after it


def _never_fails(func: Completer) -> Completer:
    """Whatever goes wrong while completing, offer nothing rather than a traceback."""

    @wraps(func)
    def wrapper(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        try:
            return func(ctx, param, incomplete)
        except Exception:
            return []

    return wrapper


def _workspace() -> Any:
    """The workspace of the current folder; a broken editplan.toml is no reason to fail a
    TAB (the folder then counts as no workspace)."""
    from editplan import api
    from editplan.errors import EditplanError

    here = Path.cwd()
    try:
        return api.Workspace.open(here)
    except EditplanError:
        return api.Workspace(None, here)


def _paths(incomplete: str, folders: tuple[str, ...], given: Any = ()) -> list[CompletionItem]:
    from editplan import api

    typed = {str(p) for p in given} if isinstance(given, tuple) else set()
    found = api.yaml_paths(_workspace(), incomplete, folders)
    return [CompletionItem(path) for path in found if path not in typed]


@_never_fails
def sets(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Patch files for a SET argument (those already on the line are not offered again)."""
    return _paths(incomplete, ("amendments",), ctx.params.get(param.name or ""))


@_never_fails
def plans(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Plan files for a PLAN argument or --plan."""
    return _paths(incomplete, ("plans",))


@_never_fails
def plans_or_sets(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Plan files and patch files, for the commands that read either."""
    return _paths(incomplete, ("plans", "amendments"), ctx.params.get(param.name or ""))


@_never_fails
def amendments(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Amendment ids of the SET named before them, not yet on the line."""
    named = ctx.params.get(param.name or "") or ()
    return [
        CompletionItem(choice.id, help=choice.description)
        for choice in _choices(ctx, param)
        if choice.id.startswith(incomplete) and choice.id not in named
    ]


@_never_fails
def amendment_list(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The next id of a comma-separated list (--only, --exclude): the ids so far, then each
    id of the set not yet in the list."""
    return _next_in_list(incomplete, [(c.id, c.description) for c in _choices(ctx, param)])


@_never_fails
def targets(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The plan's goals and elements (the plan of --plan on the line, else the workspace's),
    in the form being typed; a goal can go on to its elements, so no space follows it."""
    from editplan import api

    plan = ctx.params.get("plan_path")
    return [
        CompletionItem(choice.value, type=MORE if choice.more else "plain",
                       help=choice.description or None)
        for choice in api.target_choices(_workspace(), incomplete, plan)
    ]  # fmt: skip


@_never_fails
def status_list(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The next status of a comma-separated --status list."""
    from editplan.cli.round import STATUSES

    return _next_in_list(incomplete, [(status, None) for status in STATUSES])


def _next_in_list(incomplete: str, values: list[tuple[str, str | None]]) -> list[CompletionItem]:
    """Each value (with its help) that can come next in the comma-separated list being typed:
    the list so far, then a value that starts as the last item does and is not listed yet.
    The list can go on (",53(c)"), so no space follows a value: a space would end it."""
    done, comma, last = incomplete.rpartition(",")
    listed = set(done.split(",")) if comma else set()
    return [
        CompletionItem(done + comma + value, type=MORE, help=help)
        for value, help in values
        if value.startswith(last) and value not in listed
    ]


def _choices(ctx: click.Context, param: click.Parameter) -> list[Any]:
    """The amendments of the patch file(s) named earlier on the line, else of the workspace's
    sets (an option before its SET: the SET is not read yet)."""
    from editplan import api

    named = _named_sets(ctx)
    if not named and isinstance(param, click.Option) and ctx.parent is not None:
        # An option waiting for its value stops click's parsing before it assigns the
        # arguments: read the line again without that option (the group keeps its args).
        words = list(ctx.parent.args)
        if words and words[-1] in param.opts:
            words.pop()
        again = ctx.command.make_context(
            ctx.info_name, words, parent=ctx.parent, resilient_parsing=True
        )
        named = _named_sets(again)
    return api.amendment_choices(_workspace(), named)


def _named_sets(ctx: click.Context) -> list[Any]:
    named = ctx.params.get("set_path") or ctx.params.get("set_paths") or ()
    return [named] if not isinstance(named, tuple) else list(named)


# What bash may see unquoted in a word it inserts; everything else gets a backslash.
_PLAIN = re.compile(r"[^\w./,+@%~-]")

# click's bash script, but a value is added as one quoted word (no globbing, no splitting),
# and a folder ("amendments/") or a value that can go on (type "more": a list's item, a goal)
# gets no space after it, so that TAB can go on.
_SOURCE_BASH = """\
%(complete_func)s() {
    local IFS=$'\\n'
    local response type value

    response=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
%(complete_var)s=bash_complete $1)

    while IFS=',' read -r type value; do
        if [[ $type == 'dir' ]]; then
            COMPREPLY=()
            compopt -o dirnames
        elif [[ $type == 'file' ]]; then
            COMPREPLY=()
            compopt -o default
        elif [[ $type == 'plain' || $type == 'more' ]]; then
            COMPREPLY+=("$value")
            if [[ $type == 'more' || $value == */ ]]; then
                compopt -o nospace
            fi
        fi
    done <<< "$response"

    return 0
}

%(complete_func)s_setup() {
    complete -o nosort -F %(complete_func)s %(prog_name)s
}

%(complete_func)s_setup;
"""


# click's zsh script, but a folder ("amendments/") and a value that can go on (type "more") are
# added with no suffix, where zsh would put a space after them.
_SOURCE_ZSH = """\
#compdef %(prog_name)s

%(complete_func)s() {
    local -a completions
    local -a completions_with_descriptions
    local -a folders
    local -a more_with_descriptions
    local -a response
    (( ! $+commands[%(prog_name)s] )) && return 1

    response=("${(@f)$(env COMP_WORDS="${words[*]}" COMP_CWORD=$((CURRENT-1)) \
%(complete_var)s=zsh_complete %(prog_name)s)}")

    for type key descr in ${response}; do
        if [[ "$type" == "more" ]]; then
            if [[ "$descr" != "_" ]]; then
                more_with_descriptions+=("$key":"$descr")
            else
                folders+=("$key")
            fi
        elif [[ "$type" == "plain" ]]; then
            if [[ "$descr" != "_" ]]; then
                completions_with_descriptions+=("$key":"$descr")
            elif [[ "$key" == */ ]]; then
                folders+=("$key")
            else
                completions+=("$key")
            fi
        elif [[ "$type" == "dir" ]]; then
            _path_files -/
        elif [[ "$type" == "file" ]]; then
            _path_files -f
        fi
    done

    if [ -n "$completions_with_descriptions" ]; then
        _describe -V unsorted completions_with_descriptions -U
    fi

    if [ -n "$more_with_descriptions" ]; then
        _describe -V unsorted more_with_descriptions -U -S ''
    fi

    if [ -n "$completions" ]; then
        compadd -U -V unsorted -a completions
    fi

    if [ -n "$folders" ]; then
        compadd -U -S '' -V unsorted -a folders
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    # autoload from fpath, call function directly
    %(complete_func)s "$@"
else
    # eval/source/. command, register function for later
    compdef %(complete_func)s %(prog_name)s
fi
"""


class BashComplete(ClickBashComplete):
    """click's bash completion, with each value quoted for the shell as bash inserts it.

    When the word being completed starts with a quote, bash keeps the user's quoting and
    the value is given as it is.
    """

    source_template = _SOURCE_BASH

    def get_completion_args(self) -> tuple[list[str], str]:
        args, incomplete = super().get_completion_args()
        words = os.environ.get("COMP_WORDS", "").split("\n")
        cword = int(os.environ.get("COMP_CWORD", "0") or 0)
        typed = words[cword] if 0 <= cword < len(words) else ""
        self.quoted = typed[:1] in ("'", '"')
        return args, incomplete

    def format_completion(self, item: CompletionItem) -> str:
        value = item.value
        if item.type in ("plain", MORE) and not getattr(self, "quoted", False):
            value = _PLAIN.sub(lambda m: "\\" + m.group(), value)
        return f"{item.type},{value}"


class ZshComplete(ClickZshComplete):
    """click's zsh completion, with no space after a folder or a value that can go on (zsh
    quotes values itself).

    Inside a quote the user opened, a value that can go on is given as a plain one, so that
    zsh closes the quote (it does not when told to add nothing after the value).
    """

    source_template = _SOURCE_ZSH

    def get_completion_args(self) -> tuple[list[str], str]:
        import shlex

        args, incomplete = super().get_completion_args()
        try:
            shlex.split(os.environ.get("COMP_WORDS", ""))
            self.quoted = False
        except ValueError:  # no closing quotation: the word being completed is quoted
            self.quoted = True
        return args, incomplete

    def format_completion(self, item: CompletionItem) -> str:
        if item.type == MORE and getattr(self, "quoted", False):
            item = CompletionItem(item.value, type="plain", help=item.help)
        return super().format_completion(item)


# click's fish script, but a value holding commas ("Goal A.5, key area (1)", "53(a),53(c)")
# stays whole: only the first comma parts the type from the value.
_SOURCE_FISH = """\
function %(complete_func)s;
    set -l response (env %(complete_var)s=fish_complete COMP_WORDS=(commandline -cp) \
COMP_CWORD=(commandline -t) %(prog_name)s);

    for completion in $response;
        set -l metadata (string split -m 1 "," $completion);

        if test $metadata[1] = "dir";
            __fish_complete_directories $metadata[2];
        else if test $metadata[1] = "file";
            __fish_complete_path $metadata[2];
        else if test $metadata[1] = "plain";
            echo $metadata[2];
        end;
    end;
end;

complete --no-files --command %(prog_name)s --arguments "(%(complete_func)s)";
"""


class FishComplete(ClickFishComplete):
    """click's fish completion: a value that can go on is a plain one to fish (which has no
    way to leave out the space after one value), and values may hold commas."""

    source_template = _SOURCE_FISH

    def format_completion(self, item: CompletionItem) -> str:
        if item.type == MORE:
            item = CompletionItem(item.value, type="plain", help=item.help)
        return super().format_completion(item)


add_completion_class(BashComplete, "bash")
add_completion_class(ZshComplete, "zsh")
add_completion_class(FishComplete, "fish")
