//! STUB: the holiday calendars.
