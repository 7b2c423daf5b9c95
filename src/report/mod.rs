//! Writing findings for the programs that read them.
