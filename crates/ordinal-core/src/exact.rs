//! Copies at their length of what a run keeps to its end.
//!
//! A lint run keeps each resource's facts and each finding until it
//! reports, hundreds of thousands of them in a big run. Built by pushing,
//! a list has up to as much room again as it holds, and text built by
//! `format!` too; `shrink_to_fit` does not give it back under mimalloc,
//! which keeps a block shrunk to half its size or more in place. So what
//! is kept is moved into an allocation of its length, and the grown one is
//! freed for the next file or finding to reuse.

/// `items` in an allocation of their length.
pub(crate) fn vec<T>(mut items: Vec<T>) -> Vec<T> {
    if items.capacity() == items.len() {
        return items;
    }
    let mut exact = Vec::with_capacity(items.len());
    exact.append(&mut items);
    exact
}

/// `items` as a boxed slice, in an allocation of their length.
pub(crate) fn slice<T>(items: Vec<T>) -> Box<[T]> {
    // At its capacity, `into_boxed_slice` reallocates nothing.
    vec(items).into_boxed_slice()
}

/// `text` in an allocation of its length.
pub(crate) fn string(text: String) -> String {
    if text.capacity() == text.len() {
        text
    } else {
        String::from(text.as_str())
    }
}

/// `text` boxed, in an allocation of its length.
pub(crate) fn boxed_str(text: String) -> Box<str> {
    string(text).into_boxed_str()
}

#[cfg(test)]
mod tests {
    #[test]
    fn copies_keep_the_contents_and_no_spare_room() {
        let mut items = Vec::with_capacity(10);
        items.extend([1, 2, 3]);
        let exact = super::vec(items);
        assert_eq!((exact.as_slice(), exact.capacity()), (&[1, 2, 3][..], 3));
        assert_eq!(&*super::slice(exact), &[1, 2, 3]);
        let mut text = String::with_capacity(64);
        text.push_str("name");
        let exact = super::string(text);
        assert_eq!((exact.as_str(), exact.capacity()), ("name", 4));
        assert_eq!(&*super::boxed_str(String::from("x")), "x");
    }
}
