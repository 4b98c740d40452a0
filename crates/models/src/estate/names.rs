//! Finding names again among many, ignoring the case of ASCII letters, in constant time: an
//! open-addressing table of entry numbers keyed by an FNV-1a hash. The estate uses it for
//! duplicate services, teams and domains, so 10,000 services take milliseconds, not seconds.
//! Small on purpose (a standard `HashMap` would add kilobytes to the WebAssembly module).

/// Entries by hash; each entry's text is kept by the caller, who says whether one matches.
#[derive(Debug)]
pub(crate) struct NameTable {
    /// Entry number plus one, or 0 for an empty slot; the length is a power of two.
    slots: Vec<u32>,
    hashes: Vec<u32>,
}

impl NameTable {
    pub(crate) fn new() -> Self {
        Self {
            slots: vec![0; 16],
            hashes: Vec::new(),
        }
    }

    fn hash(name: &str) -> u32 {
        name.bytes().fold(0x811c_9dc5, |hash, byte| {
            (hash ^ u32::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0193)
        })
    }

    /// The entry for `name` for which `same` holds (`Ok`), or a new entry's number (`Err`),
    /// which the caller must then keep as entry number `len` of its own list.
    pub(crate) fn entry(
        &mut self,
        name: &str,
        same: impl Fn(usize) -> bool,
    ) -> Result<usize, usize> {
        let hash = Self::hash(name);
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        while self.slots[slot] != 0 {
            let index = self.slots[slot] as usize - 1;
            if self.hashes[index] == hash && same(index) {
                return Ok(index);
            }
            slot = (slot + 1) & mask;
        }
        let index = self.hashes.len();
        self.hashes.push(hash);
        self.slots[slot] = index as u32 + 1;
        if self.hashes.len() * 2 > self.slots.len() {
            self.slots = vec![0; self.slots.len() * 2];
            let mask = self.slots.len() - 1;
            for (index, &hash) in self.hashes.iter().enumerate() {
                let mut slot = hash as usize & mask;
                while self.slots[slot] != 0 {
                    slot = (slot + 1) & mask;
                }
                self.slots[slot] = index as u32 + 1;
            }
        }
        Err(index)
    }
}

/// The number of `name` in `names` (ignoring ASCII case), adding it when new.
pub(crate) fn index_in(table: &mut NameTable, names: &mut Vec<String>, name: &str) -> usize {
    match table.entry(name, |i| names[i].eq_ignore_ascii_case(name)) {
        Ok(index) => index,
        Err(index) => {
            names.push(String::from(name));
            index
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_whatever_their_case_and_however_many() {
        let mut table = NameTable::new();
        let mut names = Vec::new();
        for i in 0..1_000 {
            assert_eq!(index_in(&mut table, &mut names, &format!("Team {i}")), i);
        }
        assert_eq!(index_in(&mut table, &mut names, "team 7"), 7);
        assert_eq!(index_in(&mut table, &mut names, "TEAM 999"), 999);
        assert_eq!(index_in(&mut table, &mut names, "Team 1000"), 1_000);
        assert_eq!(names.len(), 1_001);
    }
}
