// Region names match case-insensitively and whatever their Unicode normal form: "Zürich" typed
// with one code point or as u + combining diaeresis, "ZÜRICH" and "zürich" are one region. Folded
// here, in JavaScript, never with PostgreSQL's lower(): in a database whose locale is C (initdb
// without LANG, as on a bare machine) lower() folds ASCII letters only.
export const regionKey = (name: string): string => name.normalize('NFC').toLowerCase();
