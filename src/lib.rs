//! Roster app.
