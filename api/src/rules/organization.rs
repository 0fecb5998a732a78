//! Organization and group field rules.
