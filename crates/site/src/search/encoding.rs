//! The postings' encoding: numbers as base-64 varints of [`DIGITS`], a term's sections as
//! deltas with two flag bits each. `static/search.js` decodes the same.

/// The varint digits: the first 32 end a number, the others carry five more bits.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Postings as deltas in the base-64 varint of [`DIGITS`].
pub(super) fn encode_postings(postings: &[u32]) -> String {
    let mut out = Vec::with_capacity(postings.len() * 2);
    let mut previous_id = 0;
    for &posting in postings {
        let id = posting >> 2;
        push_number(&mut out, (id - previous_id) << 2 | (posting & 3));
        previous_id = id;
    }
    String::from_utf8(out).expect("the digits are ASCII")
}

/// Appends `n` to `out` in [`digits_of`]'s digits.
pub(super) fn encode_number(out: &mut String, n: u32) {
    let (digits, start) = digits_of(n);
    out.push_str(std::str::from_utf8(&digits[start..]).expect("the digits are ASCII"));
}

fn push_number(out: &mut Vec<u8>, n: u32) {
    if n < 32 {
        // One digit: most of a frequent term's deltas.
        out.push(DIGITS[n as usize]);
        return;
    }
    let (digits, start) = digits_of(n);
    out.extend_from_slice(&digits[start..]);
}

/// `n`'s digits, five bits each, most significant first, from the index returned on: the last
/// digit is one of the first 32, the others of the last 32.
fn digits_of(n: u32) -> ([u8; 7], usize) {
    let mut digits = [0u8; 7];
    let mut at = digits.len() - 1;
    digits[at] = DIGITS[(n & 31) as usize];
    let mut rest = n >> 5;
    while rest != 0 {
        at -= 1;
        digits[at] = DIGITS[(rest & 31 | 32) as usize];
        rest >>= 5;
    }
    (digits, at)
}

/// Decodes a string of [`encode_number`] numbers.
pub fn decode_numbers(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut value = 0u32;
    for c in text.bytes() {
        let digit = DIGITS.iter().position(|&d| d == c).unwrap_or(0) as u32;
        if digit >= 32 {
            value = value << 5 | (digit - 32);
        } else {
            out.push(value << 5 | digit);
            value = 0;
        }
    }
    out
}

/// Decodes a term's postings into (section, flags) pairs.
pub fn decode_postings(text: &str) -> Vec<(u32, u32)> {
    let mut id = 0;
    decode_numbers(text)
        .into_iter()
        .map(|value| {
            id += value >> 2;
            (id, value & 3)
        })
        .collect()
}
