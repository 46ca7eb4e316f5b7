//! Reading marshaled data (runtime/intern.c), in pure Rust: no Lua here, so
//! the fuzz target runs it alone.
//!
//! Input is read twice. [`validate`] walks the whole stream first, checking
//! every length against the bytes that remain, every shared reference
//! against the objects read so far and every code, and notes which objects
//! are referenced again. Only then does the Lua side build tables, reading
//! the same stream with the same [`Reader`]. Nothing is allocated from what
//! a header claims: only from what the data holds.

use super::format::*;
use crate::value::Custom;

/// One item of the stream, in the order the data has them (pre-order: a
/// block is followed by its fields).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    Int(i64),
    /// A block header; `size` fields follow. Size 0 is an atom (no object).
    Block {
        tag: u8,
        size: usize,
    },
    String(&'a [u8]),
    Float(f64),
    /// `raw.len() / 8` doubles in the byte order `big` says.
    Floats {
        raw: &'a [u8],
        big: bool,
    },
    Custom(Custom),
    /// A reference to an earlier object, by its absolute number.
    Shared(u64),
}

/// A failure while reading the data, as OCaml words it ("input_value: ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bad(pub &'static str);

impl Bad {
    pub fn message(self) -> String {
        format!("input_value: {}", self.0)
    }
}

const TRUNCATED: Bad = Bad("truncated object");
const ILL_FORMED: Bad = Bad("ill-formed message");

/// Decodes items one at a time, counting objects as OCaml numbers them.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Objects read so far (blocks of size > 0, strings, floats, float
    /// arrays, custom blocks): the next object's number.
    pub objects: u64,
    /// OCaml 5's compressed format numbers shared references absolutely.
    absolute: bool,
    /// Whether the header announced a table of objects (it does not when
    /// the data was written with `No_sharing`).
    sharing: bool,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], header: &Header) -> Reader<'a> {
        Reader {
            data,
            pos: 0,
            objects: 0,
            absolute: header.compressed,
            sharing: header.num_objects > 0,
        }
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], Bad> {
        let left = (self.data.len() - self.pos) as u64;
        if n > left {
            return Err(TRUNCATED);
        }
        let s = &self.data[self.pos..self.pos + n as usize];
        self.pos += n as usize;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, Bad> {
        Ok(self.take(1)?[0])
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], Bad> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N as u64)?);
        Ok(a)
    }

    fn u16(&mut self) -> Result<u64, Bad> {
        Ok(u16::from_be_bytes(self.be()?) as u64)
    }

    fn u32(&mut self) -> Result<u64, Bad> {
        Ok(u32::from_be_bytes(self.be()?) as u64)
    }

    fn u64(&mut self) -> Result<u64, Bad> {
        Ok(u64::from_be_bytes(self.be()?))
    }

    fn object<T>(&mut self, item: T) -> T {
        self.objects += 1;
        item
    }

    /// The next item.
    pub fn item(&mut self) -> Result<Item<'a>, Bad> {
        let code = self.u8()?;
        if code >= PREFIX_SMALL_BLOCK {
            return self.block(code & 0xF, ((code >> 4) & 0x7) as u64);
        }
        if code >= PREFIX_SMALL_INT {
            return Ok(Item::Int((code & 0x3F) as i64));
        }
        if code >= PREFIX_SMALL_STRING {
            return self.string((code & 0x1F) as u64);
        }
        match code {
            CODE_INT8 => Ok(Item::Int(self.u8()? as i8 as i64)),
            CODE_INT16 => Ok(Item::Int(self.u16()? as i16 as i64)),
            CODE_INT32 => Ok(Item::Int(self.u32()? as i32 as i64)),
            // OCaml keeps the low 63 bits (Val_long of the 64 read).
            CODE_INT64 => Ok(Item::Int(((self.u64()? as i64) << 1) >> 1)),
            CODE_SHARED8 => self.shared(|r| r.u8().map(u64::from)),
            CODE_SHARED16 => self.shared(Self::u16),
            CODE_SHARED32 => self.shared(Self::u32),
            CODE_SHARED64 => self.shared(Self::u64),
            CODE_BLOCK32 => {
                let hd = self.u32()?;
                self.block((hd & 0xFF) as u8, hd >> 10)
            }
            CODE_BLOCK64 => {
                let hd = self.u64()?;
                self.block((hd & 0xFF) as u8, hd >> 10)
            }
            CODE_STRING8 => {
                let len = self.u8()? as u64;
                self.string(len)
            }
            CODE_STRING32 => {
                let len = self.u32()?;
                self.string(len)
            }
            CODE_STRING64 => {
                let len = self.u64()?;
                self.string(len)
            }
            CODE_DOUBLE_LITTLE => {
                let x = f64::from_le_bytes(self.be()?);
                Ok(self.object(Item::Float(x)))
            }
            CODE_DOUBLE_BIG => {
                let x = f64::from_be_bytes(self.be()?);
                Ok(self.object(Item::Float(x)))
            }
            CODE_DOUBLE_ARRAY8_LITTLE | CODE_DOUBLE_ARRAY8_BIG => {
                let n = self.u8()? as u64;
                self.floats(n, code == CODE_DOUBLE_ARRAY8_BIG)
            }
            CODE_DOUBLE_ARRAY32_LITTLE | CODE_DOUBLE_ARRAY32_BIG => {
                let n = self.u32()?;
                self.floats(n, code == CODE_DOUBLE_ARRAY32_BIG)
            }
            CODE_DOUBLE_ARRAY64_LITTLE | CODE_DOUBLE_ARRAY64_BIG => {
                let n = self.u64()?;
                self.floats(n, code == CODE_DOUBLE_ARRAY64_BIG)
            }
            CODE_CUSTOM | CODE_CUSTOM_LEN | CODE_CUSTOM_FIXED => self.custom(code),
            // Code pointers name machine code of a native program: nothing
            // here can run them.
            CODE_CODEPOINTER | CODE_INFIXPOINTER => Err(Bad("unknown code module")),
            _ => Err(ILL_FORMED),
        }
    }

    fn block(&mut self, tag: u8, size: u64) -> Result<Item<'a>, Bad> {
        // Every field takes at least one byte: a size beyond what is left
        // cannot be right, and is caught before anything is allocated.
        if size > (self.data.len() - self.pos) as u64 {
            return Err(TRUNCATED);
        }
        let item = Item::Block {
            tag,
            size: size as usize,
        };
        Ok(if size > 0 { self.object(item) } else { item })
    }

    fn string(&mut self, len: u64) -> Result<Item<'a>, Bad> {
        let s = self.take(len)?;
        Ok(self.object(Item::String(s)))
    }

    fn floats(&mut self, n: u64, big: bool) -> Result<Item<'a>, Bad> {
        let raw = self.take(n.checked_mul(8).ok_or(TRUNCATED)?)?;
        Ok(self.object(Item::Floats { raw, big }))
    }

    fn shared(&mut self, read: fn(&mut Self) -> Result<u64, Bad>) -> Result<Item<'a>, Bad> {
        let ofs = read(self)?;
        let target = if self.absolute {
            Some(ofs)
        } else {
            self.objects.checked_sub(ofs).filter(|_| ofs > 0)
        };
        match target {
            Some(t) if self.sharing && t < self.objects => Ok(Item::Shared(t)),
            _ => Err(Bad("bad shared reference")),
        }
    }

    /// int32, int64 and nativeint: the custom blocks OCaml's runtime
    /// itself defines (others need their program's deserializers).
    fn custom(&mut self, code: u8) -> Result<Item<'a>, Bad> {
        let rest = &self.data[self.pos..];
        let nul = memchr::memchr(0, rest).ok_or(TRUNCATED)?;
        let ident = &rest[..nul];
        self.pos += nul + 1;
        let expected = match code {
            CODE_CUSTOM_LEN => {
                self.take(4)?;
                Some(self.u64()?)
            }
            _ => None,
        };
        let (value, size) = match ident {
            b"_i" => (Custom::Int32(i32::from_be_bytes(self.be()?)), 4),
            b"_j" => (Custom::Int64(i64::from_be_bytes(self.be()?)), 8),
            b"_n" => match self.u8()? {
                1 => (Custom::Nativeint(i32::from_be_bytes(self.be()?) as i64), 8),
                2 => (Custom::Nativeint(i64::from_be_bytes(self.be()?)), 8),
                _ => return Err(Bad("ill-formed native integer")),
            },
            _ => return Err(Bad("unknown custom block identifier")),
        };
        if expected.is_some_and(|e| e != size) {
            return Err(Bad("incorrect length of serialized custom block"));
        }
        Ok(self.object(Item::Custom(value)))
    }
}

/// What the Lua side needs to know before building: which objects are
/// referenced again (only those are kept in a table while building).
#[derive(Debug, Default)]
pub struct Plan {
    targets: Vec<u64>,
    pub any_shared: bool,
    /// How many items the value has.
    pub items: u64,
}

impl Plan {
    fn mark(&mut self, n: u64) {
        let word = (n / 64) as usize;
        if word >= self.targets.len() {
            self.targets.resize(word + 1, 0);
        }
        self.targets[word] |= 1 << (n % 64);
        self.any_shared = true;
    }

    /// Whether object `n` is referenced by a later shared reference.
    #[inline]
    pub fn is_target(&self, n: u64) -> bool {
        self.targets
            .get((n / 64) as usize)
            .is_some_and(|w| w & (1 << (n % 64)) != 0)
    }
}

/// Walks the whole value in `data` (the bytes after the header, already
/// decompressed), checking it as described above.
pub fn validate(data: &[u8], header: &Header) -> Result<Plan, Bad> {
    let mut reader = Reader::new(data, header);
    let mut plan = Plan::default();
    // Fields still to read, per unfinished block; a block whose last field
    // is being read is already off the stack, so lists stay shallow.
    let mut pending: Vec<usize> = Vec::new();
    let mut need = 1usize;
    loop {
        let item = reader.item()?;
        plan.items += 1;
        if header.num_objects > 0 && reader.objects > header.num_objects {
            return Err(Bad("more objects than the header says"));
        }
        need -= 1;
        match item {
            Item::Block { size, .. } if size > 0 => {
                if need > 0 {
                    pending.push(need);
                }
                need = size;
                continue;
            }
            Item::Shared(n) => plan.mark(n),
            _ => {}
        }
        if need == 0 {
            match pending.pop() {
                Some(n) => need = n,
                None => return Ok(plan),
            }
        }
    }
}

/// The marshaled bytes of `input` (header included) once decompressed:
/// borrowed as they are, or inflated from zstd. `Err` carries the message
/// suffix for the caller's function name.
pub fn payload<'a>(input: &'a [u8], header: &Header) -> Result<std::borrow::Cow<'a, [u8]>, &'static str> {
    let data = &input[header.len..header.len + header.data_len as usize];
    if !header.compressed {
        return Ok(std::borrow::Cow::Borrowed(data));
    }
    super::compress::inflate(data, header.uncompressed_len).map(std::borrow::Cow::Owned)
}

/// The header at the start of `input`, with OCaml's messages.
pub fn check_header(input: &[u8], fun_name: &str) -> Result<Header, String> {
    parse_header(input).map_err(|e| match e {
        HeaderError::Short => format!("{fun_name}: bad length"),
        HeaderError::BadObject => format!("{fun_name}: bad object"),
        HeaderError::TooLarge => format!("{fun_name}: object too large to be read back on this platform"),
    })
}

/// A checked input: its header, its (decompressed) data and the plan.
pub struct Checked<'a> {
    pub header: Header,
    pub data: std::borrow::Cow<'a, [u8]>,
    pub plan: Plan,
}

/// Everything OCaml checks, and more, before one object is built: the
/// header, the declared length against `input`, decompression, the whole
/// stream. Messages name `fun_name` as OCaml does for header problems.
pub fn check<'a>(input: &'a [u8], fun_name: &str) -> Result<Checked<'a>, String> {
    let header = check_header(input, fun_name)?;
    if header.data_len > (input.len() - header.len) as u64 {
        return Err(format!("{fun_name}: bad length"));
    }
    let data = payload(input, &header).map_err(|m| format!("{fun_name}: {m}"))?;
    let plan = validate(&data, &header).map_err(Bad::message)?;
    Ok(Checked { header, data, plan })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(data: &[u8], objects: u32) -> Vec<u8> {
        let mut v = Vec::new();
        for n in [MAGIC_SMALL, data.len() as u32, objects, 0, 0] {
            v.extend_from_slice(&n.to_be_bytes());
        }
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn a_list_validates_with_a_shallow_stack_and_no_targets() {
        // [1; 2; 3] as OCaml writes it (TOOLCHAIN.md).
        let input = small(&[0xa0, 0x41, 0xa0, 0x42, 0xa0, 0x43, 0x40], 3);
        let checked = check(&input, "f").unwrap();
        assert!(!checked.plan.any_shared);
        assert_eq!(checked.plan.items, 7);
    }

    #[test]
    fn shared_references_mark_their_target() {
        // (l, l) where l = [1]: the second field refers back to object 1.
        let input = small(&[0xa0, 0xa0, 0x41, 0x40, 0x04, 0x01], 2);
        let plan = check(&input, "f").unwrap().plan;
        assert!(plan.is_target(1) && !plan.is_target(0));
    }

    #[test]
    fn lies_in_the_data_are_refused_before_anything_is_built() {
        let cases: &[(&[u8], u32, &str)] = &[
            (
                &[0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00],
                1,
                "input_value: truncated object",
            ),
            (&[0x04, 0x01], 1, "input_value: bad shared reference"),
            (&[0xa0, 0x20, 0x20], 1, "input_value: more objects than the header says"),
            (&[0x1e], 1, "input_value: ill-formed message"),
        ];
        for (data, objects, msg) in cases {
            assert_eq!(check(&small(data, *objects), "f").err().as_deref(), Some(*msg));
        }
        assert_eq!(check(b"\x84\x95\xa6\xbe", "f").err().as_deref(), Some("f: bad length"));
        assert_eq!(check(&[0; 20], "f").err().as_deref(), Some("f: bad object"));
    }

    #[test]
    fn compressed_data_inflates_and_numbers_shared_references_absolutely() {
        let body = [0xa0, 0xa0, 0x41, 0x40, 0x04, 0x01];
        let z = crate::marshal::compress::deflate(&body);
        let mut input = MAGIC_COMPRESSED.to_be_bytes().to_vec();
        input.push(0);
        for n in [z.len() as u64, body.len() as u64, 2, 0, 0] {
            write_vlq(&mut input, n);
        }
        input[4] = input.len() as u8;
        input.extend_from_slice(&z);
        let checked = check(&input, "f").unwrap();
        assert!(checked.plan.is_target(1) && !checked.plan.is_target(0));
        assert_eq!(&*checked.data, &body);
    }
}
