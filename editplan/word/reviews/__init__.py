"""Reading reviewed copies back (``collect``): the tracked changes and comments a reviewer made
in a .docx that editplan wrote, traced to the plan's elements and turned into amendments. A
copy is read through the drafts' layout rules (:mod:`editplan.word.drafts`)."""
