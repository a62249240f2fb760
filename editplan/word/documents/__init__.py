"""Writing Word documents: the tracked and clean .docx of a plan (:mod:`.writer`) and the
synoptic compilation of a review round (:mod:`.compilation`)."""
