"""Search backends behind one interface: native, python (reference), tantivy, sqlite."""
