//! STUB: the one-year LPR table.
