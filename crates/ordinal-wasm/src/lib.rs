//! WebAssembly bindings of ordinal-core (being built).
