//! The postings' encoding: numbers as base-64 varints of [`DIGITS`], a term's sections as
//! deltas with two flag bits each. `static/search.js` decodes the same.

/// The varint digits: the first 32 end a number, the others carry five more bits.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Postings as deltas in the base-64 varint of [`DIGITS`].
pub(super) fn encode_postings(postings: &[u32]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut previous_id = 0;
    for &posting in postings {
        let id = posting >> 2;
        encode_number(&mut out, (id - previous_id) << 2 | (posting & 3));
        previous_id = id;
    }
    out
}

/// Five bits per digit, most significant first; the last digit is one of the first 32.
pub(super) fn encode_number(out: &mut String, mut n: u32) {
    let mut groups = [0u8; 7];
    let mut count = 0;
    loop {
        groups[count] = (n & 31) as u8;
        count += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (0..count).rev() {
        let digit = if i == 0 { groups[i] } else { groups[i] + 32 };
        out.push(DIGITS[digit as usize] as char);
    }
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
