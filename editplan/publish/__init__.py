"""Writers for readers outside Word: Akoma Ntoso (akn) for document systems, HTML for browsers."""
