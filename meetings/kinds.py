"""The document this app draws up on a case: the extract of a justerat paragraph."""

from casework.kinds import register_document_kind

PROTOKOLLSUTDRAG = register_document_kind("protokollsutdrag", "protokollsutdrag", "upprattad")
