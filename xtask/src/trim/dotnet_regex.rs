//! A .NET regular expression as the ECMAScript pattern that matches the
//! same strings (the translator behind rule 10, see `patterns`).
//!
//! The translation, outside and inside character classes:
//!
//! * inline options `(?ims-ims)` and option groups `(?ims-ims:...)` hold
//!   until the end of their group, and are spelt out: `s` turns `.` into
//!   `[\s\S]`; `i` gives every ASCII letter its other case (`a` becomes
//!   `[aA]`, `[a-f]` becomes `[a-fA-F]`); `m` turns `^` and `$` into
//!   look-arounds for the start or end of the input or a `\n`. Other
//!   options (`x`, `n`) are refused;
//! * comments `(?#...)` are removed, named groups `(?'name'...)` and
//!   backreferences `\k'name'` take the `<name>` spelling, and atomic
//!   groups `(?>X)` become `(?:(?=(X))\N)`, a look-ahead (atomic in
//!   ECMAScript) captured and matched again;
//! * `\A` becomes `^`, `\z` `$`, `\Z` `(?=\n?$)`, `\a` and `\e` their
//!   `\x` codes; a `]` first in a class is escaped (.NET reads it as a
//!   member, ECMAScript as the end of an empty class).
//!
//! Refused, so dropped: other letter escapes (`\p{L}`, `\G`: ECMAScript
//! without its `u` flag, which typify does not set, reads them as
//! letters), class subtraction `[a-z-[aeiou]]`, conditionals `(?(...)`,
//! balancing groups, under `i` a non-ASCII letter or a backreference (no
//! exact spelling without the flag), numbered backreferences beside named
//! or atomic groups (the numbering differs), and whatever `regress` still
//! refuses after translation. Constructs both syntaxes share are read as
//! ECMAScript, as OpenAPI specifies: `\d` is `[0-9]`, and `$` without `m`
//! is the end of the input.

use std::borrow::Cow;

/// `pattern` as an ECMAScript pattern `regress` compiles, matching the same
/// strings .NET matches: borrowed if it is one already, owned if it was
/// translated, or why it cannot be.
pub(super) fn to_ecmascript(pattern: &str) -> Result<Cow<'_, str>, String> {
    let translated = Translator::new(pattern).run()?;
    regress::Regex::new(&translated).map_err(|error| format!("regress refuses it: {error}"))?;
    Ok(if translated == pattern {
        Cow::Borrowed(pattern)
    } else {
        Cow::Owned(translated)
    })
}

/// The .NET options ECMAScript can spell out.
#[derive(Clone, Copy, Debug, Default)]
struct Options {
    /// `i`: case-insensitive.
    ignore_case: bool,
    /// `m`: `^` and `$` also at line breaks.
    multiline: bool,
    /// `s`: `.` also matches `\n`.
    dot_all: bool,
}

/// An open group: the options to restore and the text that closes it.
struct Group {
    saved: Options,
    close: String,
}

/// `.` under `s`.
const ANY: &str = r"[\s\S]";
/// `^` under `m`: the start of the input or just after a `\n`.
const LINE_START: &str = r"(?:(?<![\s\S])|(?<=\n))";
/// `$` under `m`: the end of the input or just before a `\n`.
const LINE_END: &str = r"(?:(?![\s\S])|(?=\n))";

struct Translator {
    chars: Vec<char>,
    at: usize,
    out: String,
    options: Options,
    groups: Vec<Group>,
    /// Capturing groups opened so far, in ECMAScript's numbering.
    captures: usize,
    named_groups: bool,
    atomic_groups: bool,
    numbered_backreferences: bool,
}

impl Translator {
    fn new(pattern: &str) -> Self {
        Translator {
            chars: pattern.chars().collect(),
            at: 0,
            out: String::with_capacity(pattern.len()),
            options: Options::default(),
            groups: Vec::new(),
            captures: 0,
            named_groups: false,
            atomic_groups: false,
            numbered_backreferences: false,
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn run(mut self) -> Result<String, String> {
        while let Some(c) = self.peek(0) {
            self.at += 1;
            match c {
                '\\' => self.escape()?,
                '[' => self.class()?,
                '(' => self.open_group()?,
                ')' => {
                    let group = self
                        .groups
                        .pop()
                        .ok_or_else(|| "it closes a group it never opened".to_owned())?;
                    self.options = group.saved;
                    self.out.push_str(&group.close);
                }
                '.' if self.options.dot_all => self.out.push_str(ANY),
                '^' if self.options.multiline => self.out.push_str(LINE_START),
                '$' if self.options.multiline => self.out.push_str(LINE_END),
                c => self.literal(c)?,
            }
        }
        if !self.groups.is_empty() {
            return Err("it leaves a group open".to_owned());
        }
        if self.numbered_backreferences && (self.named_groups || self.atomic_groups) {
            return Err(
                "a numbered backreference beside named or atomic groups: the groups are numbered \
                 differently"
                    .to_owned(),
            );
        }
        Ok(self.out)
    }

    /// A character that stands for itself, outside a class.
    fn literal(&mut self, c: char) -> Result<(), String> {
        if self.options.ignore_case && c.is_ascii_alphabetic() {
            self.out.push('[');
            self.out.push(c);
            self.out.push(swap_case(c));
            self.out.push(']');
            Ok(())
        } else if self.options.ignore_case && is_cased(c) {
            Err(format!("case-insensitive non-ASCII letter {c}"))
        } else {
            self.out.push(c);
            Ok(())
        }
    }

    /// After a `\` outside a class.
    fn escape(&mut self) -> Result<(), String> {
        let c = self
            .peek(0)
            .ok_or_else(|| "it ends with a lone backslash".to_owned())?;
        self.at += 1;
        match c {
            'A' => self.out.push('^'),
            'z' => self.out.push('$'),
            'Z' => self.out.push_str(r"(?=\n?$)"),
            'k' => {
                if self.options.ignore_case {
                    return Err("a case-insensitive backreference".to_owned());
                }
                let name = self.group_name()?;
                self.out.push_str(&format!(r"\k<{name}>"));
            }
            '1'..='9' => {
                if self.options.ignore_case {
                    return Err("a case-insensitive backreference".to_owned());
                }
                self.numbered_backreferences = true;
                self.out.push('\\');
                self.out.push(c);
                while let Some(digit) = self.peek(0).filter(char::is_ascii_digit) {
                    self.out.push(digit);
                    self.at += 1;
                }
            }
            _ => {
                let atom = self.escaped_atom(c)?;
                if self.options.ignore_case
                    && let Atom::Char(value, _) = atom
                    && (value.is_ascii_alphabetic() || is_cased(value))
                {
                    return Err(format!("a case-insensitive escaped letter {value}"));
                }
            }
        }
        Ok(())
    }

    /// An escape both outside and inside a class (after `\` and `c`),
    /// written to the output; what it stands for.
    fn escaped_atom(&mut self, c: char) -> Result<Atom, String> {
        match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                self.out.push('\\');
                self.out.push(c);
                Ok(Atom::Set)
            }
            'b' | 'B' | 'n' | 'r' | 't' | 'v' | 'f' | '0' => {
                self.out.push('\\');
                self.out.push(c);
                // Never letters in a class range: `\b` is a backspace there,
                // the rest are control characters.
                Ok(Atom::Set)
            }
            'a' => {
                self.out.push_str(r"\x07");
                Ok(Atom::Char('\u{7}', true))
            }
            'e' => {
                self.out.push_str(r"\x1B");
                Ok(Atom::Char('\u{1b}', true))
            }
            'c' => match self.peek(0).filter(char::is_ascii_alphabetic) {
                Some(letter) => {
                    self.at += 1;
                    self.out.push_str(&format!(r"\c{letter}"));
                    Ok(Atom::Char(control(letter), true))
                }
                None => Err(r"\c without a control letter".to_owned()),
            },
            'x' | 'u' => {
                let digits = if c == 'x' { 2 } else { 4 };
                let hex: String = (0..digits).filter_map(|ahead| self.peek(ahead)).collect();
                let value = u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|_| hex.len() == digits && hex.chars().all(|d| d.is_ascii_hexdigit()))
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!(r"\{c} without {digits} hexadecimal digits"))?;
                self.at += digits;
                self.out.push('\\');
                self.out.push(c);
                self.out.push_str(&hex);
                Ok(Atom::Char(value, true))
            }
            'p' | 'P' => Err(format!(
                r"\{c}{{...}} (Unicode categories) needs ECMAScript's u flag, which the generated \
                 code does not set"
            )),
            c if c.is_ascii_alphanumeric() => Err(format!(r"\{c} has no ECMAScript equivalent")),
            c => {
                // Punctuation (or any other non-letter) escaped: itself.
                self.out.push('\\');
                self.out.push(c);
                Ok(Atom::Char(c, true))
            }
        }
    }

    /// A group name after `\k` or `(?`: `<name>` or `'name'`.
    fn group_name(&mut self) -> Result<String, String> {
        let close = match self.peek(0) {
            Some('<') => '>',
            Some('\'') => '\'',
            _ => return Err(r"\k without a group name".to_owned()),
        };
        self.at += 1;
        let mut name = String::new();
        loop {
            match self.peek(0) {
                Some(c) if c == close => {
                    self.at += 1;
                    break;
                }
                Some(c) if c.is_alphanumeric() || c == '_' => {
                    name.push(c);
                    self.at += 1;
                }
                Some('-') => {
                    return Err("a balancing group (?<a-b>...) has no ECMAScript equivalent".into());
                }
                _ => return Err("a group name that is not a name".to_owned()),
            }
        }
        Ok(name)
    }

    /// After a `(`.
    fn open_group(&mut self) -> Result<(), String> {
        let saved = self.options;
        if self.peek(0) != Some('?') {
            self.captures += 1;
            self.out.push('(');
            self.groups.push(Group {
                saved,
                close: ")".into(),
            });
            return Ok(());
        }
        self.at += 1;
        let (open, close) = match (self.peek(0), self.peek(1)) {
            (Some(':' | '=' | '!'), _) => {
                self.at += 1;
                (format!("(?{}", self.chars[self.at - 1]), ")".to_owned())
            }
            (Some('<'), Some('=' | '!')) => {
                self.at += 2;
                (format!("(?<{}", self.chars[self.at - 1]), ")".to_owned())
            }
            (Some('<' | '\''), _) => {
                let name = self.group_name()?;
                self.captures += 1;
                self.named_groups = true;
                (format!("(?<{name}>"), ")".to_owned())
            }
            (Some('>'), _) => {
                self.at += 1;
                self.captures += 1;
                self.atomic_groups = true;
                ("(?:(?=(".to_owned(), format!(r"))\{})", self.captures))
            }
            (Some('#'), _) => {
                let end = self.chars[self.at..]
                    .iter()
                    .position(|&c| c == ')')
                    .ok_or_else(|| "a comment (?#... that is not closed".to_owned())?;
                self.at += end + 1;
                return Ok(());
            }
            (Some('('), _) => {
                return Err("a conditional (?(...)...) has no ECMAScript equivalent".to_owned());
            }
            _ => return self.options_group(saved),
        };
        self.out.push_str(&open);
        self.groups.push(Group { saved, close });
        Ok(())
    }

    /// After `(?` when options follow: `(?ims-ims)` sets them for the rest
    /// of the enclosing group, `(?ims-ims:` for its own.
    fn options_group(&mut self, saved: Options) -> Result<(), String> {
        let mut options = self.options;
        let mut on = true;
        loop {
            let c = self
                .peek(0)
                .ok_or_else(|| "an unclosed (? group".to_owned())?;
            self.at += 1;
            match c {
                '-' if on => on = false,
                'i' => options.ignore_case = on,
                'm' => options.multiline = on,
                's' => options.dot_all = on,
                ')' => {
                    self.options = options;
                    return Ok(());
                }
                ':' => {
                    self.options = options;
                    self.out.push_str("(?:");
                    self.groups.push(Group {
                        saved,
                        close: ")".into(),
                    });
                    return Ok(());
                }
                c if c.is_ascii_alphabetic() => {
                    return Err(format!(
                        "the inline option {c} has no ECMAScript equivalent"
                    ));
                }
                c => return Err(format!("(?{c} is not a group ECMAScript knows")),
            }
        }
    }

    /// After a `[`: the class as ECMAScript reads it, with the other case
    /// of its ASCII letters under `i`.
    fn class(&mut self) -> Result<(), String> {
        self.out.push('[');
        if self.peek(0) == Some('^') {
            self.at += 1;
            self.out.push('^');
        }
        let mut atoms = Vec::new();
        if self.peek(0) == Some(']') {
            // .NET: a `]` first is a member; ECMAScript: an empty class.
            self.at += 1;
            self.out.push_str(r"\]");
            atoms.push(Atom::Char(']', true));
        }
        loop {
            let c = self
                .peek(0)
                .ok_or_else(|| "a character class that is not closed".to_owned())?;
            self.at += 1;
            match c {
                ']' => break,
                '\\' => {
                    let escaped = self
                        .peek(0)
                        .ok_or_else(|| "it ends with a lone backslash".to_owned())?;
                    self.at += 1;
                    if escaped.is_ascii_digit() && escaped != '0' {
                        return Err("an octal escape or backreference in a class".to_owned());
                    }
                    atoms.push(self.escaped_atom(escaped)?);
                }
                '-' if self.peek(0) == Some('[') => {
                    return Err("class subtraction [a-[b]] has no ECMAScript equivalent".into());
                }
                c => {
                    self.out.push(c);
                    atoms.push(Atom::Char(c, false));
                }
            }
        }
        if self.options.ignore_case {
            let other_case = other_case(&atoms)?;
            // Not after a trailing `-`, which would make a range of them.
            if atoms.last() == Some(&Atom::Char('-', false)) {
                self.out.pop();
                self.out.push_str(&other_case);
                self.out.push('-');
            } else {
                self.out.push_str(&other_case);
            }
        }
        self.out.push(']');
        Ok(())
    }
}

/// What an escape or a class member stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Atom {
    /// One character; `true` if it was escaped (an escaped `-` is no range).
    Char(char, bool),
    /// A set (`\d`, `\w`...) or a character that is never a letter.
    Set,
}

/// The members a class needs under `i`: the other case of each ASCII letter
/// it holds, as ranges; refused if it holds a non-ASCII letter.
fn other_case(atoms: &[Atom]) -> Result<String, String> {
    let mut wanted = [false; 128];
    let mut index = 0;
    while index < atoms.len() {
        let (low, high, width) = match atoms[index..] {
            [
                Atom::Char(low, _),
                Atom::Char('-', false),
                Atom::Char(high, _),
                ..,
            ] => (low, high, 3),
            [Atom::Char(c, _), ..] => (c, c, 1),
            _ => {
                index += 1;
                continue;
            }
        };
        index += width;
        for c in low..=high {
            if c.is_ascii_alphabetic() {
                wanted[usize::from(swap_case(c) as u8)] = true;
            } else if is_cased(c) {
                return Err(format!("case-insensitive non-ASCII letter {c} in a class"));
            }
        }
    }
    let mut out = String::new();
    let mut code = 0;
    while code < wanted.len() {
        if !wanted[code] {
            code += 1;
            continue;
        }
        let start = code;
        while code < wanted.len() && wanted[code] {
            code += 1;
        }
        let (first, last) = (char::from(start as u8), char::from((code - 1) as u8));
        match code - start {
            1 => out.push(first),
            2 => out.extend([first, last]),
            _ => out.extend([first, '-', last]),
        }
    }
    Ok(out)
}

/// The other case of an ASCII letter.
fn swap_case(c: char) -> char {
    if c.is_ascii_lowercase() {
        c.to_ascii_uppercase()
    } else {
        c.to_ascii_lowercase()
    }
}

/// Whether `c` has a case, so `i` would match it with another character.
fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase()
}

/// The character `\cX` stands for.
fn control(letter: char) -> char {
    char::from(letter as u8 % 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translated(pattern: &str) -> String {
        to_ecmascript(pattern)
            .unwrap_or_else(|reason| panic!("{pattern}: {reason}"))
            .into_owned()
    }

    fn refused(pattern: &str) -> String {
        match to_ecmascript(pattern) {
            Ok(kept) => panic!("{pattern} was kept as {kept}"),
            Err(reason) => reason,
        }
    }

    fn is_match(pattern: &str, text: &str) -> bool {
        regress::Regex::new(pattern).unwrap().find(text).is_some()
    }

    #[test]
    fn ecmascript_patterns_are_kept_as_they_are() {
        for pattern in [
            r"^[a-zA-Z0-9\-_]+$",
            r"^[\s\S]*$",
            r"^[a-zA-Z0-9\+/]*={0,3}$",
            r"^[a-z\d]+((([.]{1}|[_]{1,2}|[-])+)([a-z\d]+))*:[a-z\d]+$",
            r"^([A-Za-z0-9-._~:\/?#[\]@!$&'()*+,;%=]|(\{\{([a-zA-Z0-9\s.])*\}\}))*$",
            r"^P(?!$)((\d+Y)|(\d+\.\d+Y$))?(T(?=\d)((\d+H)|(\d+\.\d+H$))?)??$",
            r"(?<year>\d{4})-\k<year>",
            r"(a)\1",
        ] {
            assert!(
                matches!(to_ecmascript(pattern), Ok(Cow::Borrowed(_))),
                "{pattern}"
            );
        }
    }

    #[test]
    fn dot_all_spells_out_any_character() {
        assert_eq!(translated("(?s).*"), r"[\s\S]*");
        assert_eq!(translated("(?s)^a.b$"), r"^a[\s\S]b$");
        // Until the end of the enclosing group only.
        assert_eq!(translated("((?s).).[.]"), r"([\s\S]).[.]");
        assert_eq!(translated("(?s:.)(?-s:.)"), r"(?:[\s\S])(?:.)");
        assert!(is_match(&translated("(?s)^.*$"), "a\nb"));
        assert!(!is_match("^.*$", "a\nb"));
    }

    #[test]
    fn ignore_case_gives_ascii_letters_both_cases() {
        assert_eq!(translated("(?i)ab1"), "[aA][bB]1");
        assert_eq!(translated("(?i)[a-c_]"), "[a-c_A-C]");
        assert_eq!(translated("(?i)[^x-]"), "[^xX-]");
        assert_eq!(translated(r"(?i)[\d]"), r"[\d]");
        // Redundant but exact: `A-z` holds both alphabets and `[\]^_``.
        assert_eq!(translated("(?i)[A-z]"), "[A-zA-Za-z]");
        // Option groups regress would accept are spelt out too, so the
        // result reads the same in any ECMAScript engine.
        assert_eq!(translated("(?i:ab)c"), "(?:[aA][bB])c");
        assert_eq!(translated("a(?i)b(?-i)c"), "a[bB]c");
        assert_eq!(translated("(?i)(?<Name>x)"), "(?<Name>[xX])");
        let pattern = translated("(?i)^[a-f0-9]{2}-id$");
        assert!(is_match(&pattern, "aF-ID"));
        assert!(!is_match(&pattern, "ag-id"));
    }

    #[test]
    fn ignore_case_without_an_exact_spelling_is_refused() {
        assert!(refused("(?i)café").contains("é"));
        assert!(refused("(?i)[à-ÿ]").contains("class"));
        assert!(refused(r"(?i)(a)\1").contains("backreference"));
        assert!(refused(r"(?i)\x41").contains("escaped letter"));
    }

    #[test]
    fn multiline_anchors_become_look_arounds() {
        let pattern = translated("(?m)^b$");
        assert_eq!(pattern, format!("{LINE_START}b{LINE_END}"));
        assert!(is_match(&pattern, "a\nb\nc"));
        assert!(is_match(&pattern, "b"));
        assert!(!is_match(&pattern, "abc"));
    }

    #[test]
    fn dotnet_anchors_escapes_and_spellings_are_translated() {
        assert_eq!(translated(r"\Aabc\z"), "^abc$");
        assert_eq!(translated(r"abc\Z"), r"abc(?=\n?$)");
        assert!(is_match(&translated(r"abc\Z"), "abc\n"));
        assert_eq!(translated(r"\a\e"), r"\x07\x1B");
        assert_eq!(translated("a(?#a comment)b"), "ab");
        assert_eq!(translated(r"(?'n'a)\k'n'"), r"(?<n>a)\k<n>");
        assert_eq!(translated("[]a]"), r"[\]a]");
        assert!(is_match(&translated("^[]a]+$"), "]a]"));
    }

    #[test]
    fn atomic_groups_become_captured_look_aheads() {
        let pattern = translated("^(?>a+)b(?>c|cd)*$");
        assert_eq!(pattern, r"^(?:(?=(a+))\1)b(?:(?=(c|cd))\2)*$");
        assert!(is_match(&pattern, "aaabccc"));
        // An atomic group gives nothing back: `a` after `(?>a+)` never matches.
        assert!(!is_match(&translated("^(?>a+)a$"), "aaa"));
        assert!(refused(r"(?>a)(b)\2").contains("numbered"));
    }

    #[test]
    fn constructs_without_an_equivalent_are_refused_with_a_reason() {
        for (pattern, reason) in [
            (r"\p{L}+", "Unicode categories"),
            (r"\Gabc", r"\G has no ECMAScript equivalent"),
            ("[a-z-[aeiou]]", "class subtraction"),
            ("(?(a)b|c)", "conditional"),
            ("(?<open-close>x)", "balancing group"),
            ("(?x) a b", "inline option x"),
            ("(?n)(a)", "inline option n"),
            ("a++", "regress refuses it"),
            ("(a", "group open"),
            ("a)", "never opened"),
            ("a\\", "lone backslash"),
            ("[ab", "not closed"),
            (r"(a)(?<n>b)\1", "numbered"),
        ] {
            let why = refused(pattern);
            assert!(why.contains(reason), "{pattern}: {why}");
        }
    }

    #[test]
    fn every_translation_compiles() {
        // `to_ecmascript` checks with regress itself; this shows that no
        // translated spelling is refused by it.
        for pattern in [
            "(?s).*",
            "(?i)[a-z]+",
            "(?m)^x$",
            "(?ims:a.b)",
            r"\A\z\Z",
            "(?>x)",
            "[]]",
        ] {
            let out = translated(pattern);
            regress::Regex::new(&out).unwrap();
        }
    }
}
