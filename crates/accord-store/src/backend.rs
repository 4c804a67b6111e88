//! What a database must provide: parameterised reads, and a write transaction that runs
//! statements. Every query is written once, in SQL both databases accept, above this line.

use crate::Result;

/// A SQL value as Accord stores it: text, a 64-bit integer, or NULL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

pub type Row = Vec<Value>;

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Self::Text(s.clone())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Self::Int(i)
    }
}
impl From<u64> for Value {
    fn from(i: u64) -> Self {
        Self::Int(i as i64)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Self::Null, Into::into)
    }
}

pub(crate) trait Backend: Send + Sync {
    fn migrate(&self) -> Result<()>;
    fn read(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Runs `work` in one transaction that takes the write lock from its first statement;
    /// commits if `work` succeeds, rolls back otherwise.
    fn write(&self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()>;
    /// Bytes free on the file system holding the database, where this process can tell.
    fn free_bytes(&self) -> Option<u64> {
        None
    }
}

pub(crate) trait Tx {
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Runs a statement; a unique-key violation is `StoreError::Duplicate`.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
}

/// Typed access to a row's columns, with a clear error when the schema and code disagree.
/// Text is moved out of the row, not copied: each column is read once.
pub(crate) struct Columns(pub Row);

impl Columns {
    pub fn text(&mut self, i: usize) -> Result<String> {
        match self.0.get_mut(i) {
            Some(Value::Text(s)) => Ok(std::mem::take(s)),
            other => Err(crate::StoreError::Database(format!(
                "column {i}: expected text, found {other:?}"
            ))),
        }
    }
    pub fn opt_text(&mut self, i: usize) -> Result<Option<String>> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.text(i).map(Some),
        }
    }
    pub fn opt_int(&mut self, i: usize) -> Result<Option<i64>> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.int(i).map(Some),
        }
    }
    pub fn int(&mut self, i: usize) -> Result<i64> {
        match self.0.get(i) {
            Some(Value::Int(n)) => Ok(*n),
            other => Err(crate::StoreError::Database(format!(
                "column {i}: expected an integer, found {other:?}"
            ))),
        }
    }
}
