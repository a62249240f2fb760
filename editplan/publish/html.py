"""A plan, or the tracked view of a change, as one self-contained HTML page.

The page draws the same blocks as the tracked .docx (:mod:`editplan.core.layout`): each
change is an ``<ins>`` or ``<del>``, word by word, attributed like its Word revision
(:mod:`editplan.core.attribution`), and each amendment's comment is a margin note beside its
changes (printed as a note under them). Every element has an anchor (``#a5.ka1``, ``#A.1``),
the headings go in order (h1 title, h2 area, h3 goal or block, h4 key areas or activities),
and there are no external files or scripts. The same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from editplan.core.attribution import (
    Attribution,
    DateLike,
    attributions,
    comment_anchors,
    revision_owners,
    tracked_blocks,
)
from editplan.core.changeset import ApplyResult
from editplan.core.layout import Block, clean_layout
from editplan.core.model import Plan

HEADINGS = {"title": "h1", "area": "h2", "unit": "h3", "subheading": "h4"}
_STATUS_CLASS = {"keep": "", "ins": " inserted", "del": " deleted"}
STYLE = """
:root { --ins: #0b6e2e; --ins-bg: #e3f5e8; --del: #a31515; --del-bg: #fbe4e4; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1d1d1d; margin: 0;
       background: #fff; }
main { max-width: 44rem; margin: 0 22rem 4rem 3rem; padding-top: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .25rem; }
h4 { font-size: 1rem; font-style: italic; font-weight: normal; margin: .75rem 0 .25rem; }
p { margin: .25rem 0; }
p.item { padding-left: 3rem; text-indent: -3rem; }
p.version, p.source, p.note { color: #444; font-size: .95rem; }
.num { display: inline-block; min-width: 2.6rem; text-indent: 0; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline; }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through; }
.noteref { font-size: .75rem; vertical-align: super; line-height: 0; text-decoration: none;
           color: #555; margin-left: .15rem; }
aside.comment { float: right; clear: right; width: 19rem; margin: .1rem -21rem .3rem 0;
       font: .8rem/1.35 Arial, Helvetica, sans-serif; background: #fffbe6;
       border-left: 3px solid #d4a72c; padding: .35rem .5rem; box-sizing: border-box; }
aside.comment p { margin: 0 0 .2rem; }
aside.comment .who { color: #555; }
aside.pending { background: #eef3fb; border-left-color: #5a7bbf; }
:target { outline: 2px solid #d4a72c; }
@media (max-width: 70rem) {
  main { margin: 0 auto; padding: 1rem; }
  aside.comment { float: none; width: auto; margin: .25rem 0 .5rem 3rem; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; }
  ins { background: none; }
  del { background: none; }
  aside.comment { float: none; width: auto; margin: .2rem 0 .4rem 0; padding: .2rem 0 0;
    border: 0; border-top: 1px solid #999; background: none; font-size: 8.5pt; }
  h2, h3, h4 { break-after: avoid; }
  p.item, aside.comment { break-inside: avoid; }
}
""".strip()


def render_clean(plan: Plan) -> bytes:
    """The page of one plan, with no changes marked."""
    return _Page(plan, clean_layout(plan), [], None).render()


def render_result(base: Plan, result: ApplyResult, *, blocks: list[Block] | None = None) -> bytes:
    """The tracked page of one application: ``base`` to its result, attributed to the set."""
    changes = result.changes
    return render_tracked(
        base,
        result.plan,
        attributions(changes),
        author=changes.author,
        date=changes.date,
        blocks=blocks,
    )


def render_tracked(
    base: Plan,
    revised: Plan,
    attributions: Sequence[Attribution],
    *,
    author: str,
    date: DateLike,
    blocks: list[Block] | None = None,
) -> bytes:
    """The page of ``revised`` with every change from ``base`` marked, as the tracked .docx.

    Changes on an element an attribution names carry its author and date and its note;
    the others (renumbering, metadata) carry ``author`` and ``date``. ``blocks`` is
    ``tracked_layout(base, revised)`` when the caller has it already (the tracked .docx draws
    the same).
    """
    blocks = tracked_blocks(base, revised, attributions, blocks)
    return _Page(revised, blocks, list(attributions), (author, date)).render()


class _Page:
    """One page being written: blocks in order, with the notes placed beside their changes."""

    def __init__(
        self,
        plan: Plan,
        blocks: list[Block],
        notes: list[Attribution],
        default: tuple[str, DateLike] | None,
    ) -> None:
        self.plan = plan
        self.blocks = blocks
        self.notes = notes
        self.default = default
        self.owners = revision_owners(notes)
        self.used_ids: set[str] = set()
        self.number: dict[int, int] = {}
        self.marks: dict[int, str] = {}  # id of an attribution (or of None) -> its mark
        self.leads: dict[tuple[str, str], str] = {}  # a number ("(iv)") written once
        moved = [b.element for b in blocks if b.status == "ins" and b.element]
        self.shown_elsewhere = set(moved)

    def render(self) -> bytes:
        # notes are numbered down the page, each placed before the first block it explains
        anchors = comment_anchors(self.blocks, self.notes)
        order = sorted(range(len(self.notes)), key=lambda n: (anchors[n][0], n))
        self.number = {n: k + 1 for k, n in enumerate(order)}
        starts: dict[int, list[int]] = {}
        for n in order:
            starts.setdefault(anchors[n][0], []).append(n)
        body: list[str] = []
        for index, block in enumerate(self.blocks):
            numbers = starts.get(index, [])
            for n in numbers:
                body.append(self._note(n))
            body.append(self._block(block, numbers))
        title = escape(self.plan.title)
        head = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="editplan">',
            f'<meta name="editplan-plan" content="{escape(self.plan.id)}">',
            f'<meta name="editplan-version" content="{escape(self.plan.version)}">',
            f"<title>{title}</title>",
            f"<style>\n{STYLE}\n</style>",
            "</head>",
            "<body>",
            "<main>",
        ]
        tail = ["</main>", "</body>", "</html>", ""]
        return "\n".join([*head, *body, *tail]).encode("utf-8")

    # --- blocks -----------------------------------------------------------------------

    def _block(self, block: Block, notes: list[int]) -> str:
        tag = HEADINGS.get(block.role, "p")
        status = _STATUS_CLASS[block.status]
        attrs = f' class="{block.role}{status}"'
        anchor = self._anchor(block)
        if anchor is not None:
            attrs = f' id="{escape(anchor)}"' + attrs
        refs = ""
        for n in notes:
            k = self.number[n]
            refs += f'<a class="noteref" href="#note-{k}" aria-label="note {k}">{k}</a>'
        return f"<{tag}{attrs}>{self._content(block)}{refs}</{tag}>"

    def _anchor(self, block: Block) -> str | None:
        """The element's id, on the block that shows it in the revised plan (unique)."""
        if block.role == "title":
            candidate = "title"
        elif block.element is None:
            return None
        else:
            candidate = block.element
        if block.status == "del" and candidate in self.shown_elsewhere:
            return None
        if candidate in self.used_ids:
            return None
        self.used_ids.add(candidate)
        return candidate

    def _content(self, block: Block) -> str:
        if not block.changed:  # most blocks of a large plan
            return self._lead(block.prefix_new, block.sep) + escape(block.new)
        mark = self._mark(block)
        if block.status == "ins":
            return self._wrap(
                "ins", mark, self._lead(block.prefix_new, block.sep) + escape(block.new)
            )
        if block.status == "del":
            return self._wrap(
                "del", mark, self._lead(block.prefix_old, block.sep) + escape(block.old)
            )
        out: list[str] = []
        if block.prefix_old == block.prefix_new:
            out.append(self._lead(block.prefix_new, block.sep))
        else:
            number = "num" if block.item else "prefix"
            swap = self._wrap("del", mark, escape(block.prefix_old))
            swap += self._wrap("ins", mark, escape(block.prefix_new))
            out.append(f'<span class="{number}">{swap}</span>')
            out.append(escape(_sep(block.sep)))
        if block.old == block.new:
            out.append(escape(block.new))
        else:
            for op, text in block.text_diff():
                if op == "equal":
                    out.append(escape(text))
                else:
                    out.append(self._wrap("del" if op == "delete" else "ins", mark, escape(text)))
        return "".join(out)

    def _lead(self, prefix: str, sep: str) -> str:
        if not prefix:
            return ""
        found = self.leads.get((prefix, sep))
        if found is None:
            number = "num" if sep == "\t" else "prefix"
            found = f'<span class="{number}">{escape(prefix)}</span>{escape(_sep(sep))}'
            self.leads[prefix, sep] = found
        return found

    def _mark(self, block: Block) -> str:
        """The attributes of this block's ``ins``/``del``: who, when, which amendment."""
        att = self.owners.get(block.owner) if block.owner else None
        found = self.marks.get(id(att))
        if found is None:
            found = self.marks[id(att)] = self._new_mark(att)
        return found

    def _new_mark(self, att: Attribution | None) -> str:
        if att is not None:
            who, when, key = att.author, att.date, att.key
        elif self.default is not None:
            (who, when), key = self.default, None
        else:
            return ""
        attrs = f' datetime="{escape(str(when))}" title="{escape(who)}, {escape(str(when))}'
        attrs += f' ({escape(key)})"' if key else '"'
        if key:
            attrs += f' data-amendment="{escape(key)}"'
        return attrs

    @staticmethod
    def _wrap(tag: str, attrs: str, inner: str) -> str:
        return f"<{tag}{attrs}>{inner}</{tag}>" if inner else ""

    # --- notes ------------------------------------------------------------------------

    def _note(self, n: int) -> str:
        att = self.notes[n]
        k = self.number[n]
        lines = att.comment.split("\n")
        kind = "comment pending" if att.pending else "comment"
        paragraphs = [f"<p><strong>{k}.</strong> {escape(lines[0])}</p>"]
        paragraphs += [f"<p>{_emphasis(line)}</p>" for line in lines[1:]]
        paragraphs.append(f'<p class="who">{escape(att.author)}, {escape(str(att.date))}</p>')
        return (
            f'<aside id="note-{k}" class="{kind}" data-amendment="{escape(att.key)}" '
            f'role="note">{"".join(paragraphs)}</aside>'
        )


def _sep(sep: str) -> str:
    return " " if sep == "\t" else sep


def _emphasis(line: str) -> str:
    """A comment line with the report's ``*italics*`` as ``<em>``."""
    parts = escape(line).split("*")
    if len(parts) % 2 == 0:  # an odd number of stars: no emphasis to pair
        return escape(line)
    return "".join(f"<em>{p}</em>" if i % 2 else p for i, p in enumerate(parts))
