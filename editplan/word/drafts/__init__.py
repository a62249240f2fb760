"""Reading Word drafts into plan data (``import``): the layouts a draft may take (headings or
tables), the numbers and lines they hold, and the result with what could not be placed."""
