"""The Resource Groups Tagging API: a view of the tags the emulated services hold."""
