//! A polite crawler for government portals, archived as WARC.
//!
//! SKELETON until the crawler issue lands.
