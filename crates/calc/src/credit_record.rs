//! STUB — to be replaced by the real implementation (see CALCULATOR.md).

use crate::report::{FieldSpec, Report};
use crate::value::{Fields, InputError, Value};

pub const FORM: &[FieldSpec] = &[];

#[derive(Debug, Clone, PartialEq)]
pub struct CreditRecordInput;

impl CreditRecordInput {
    pub fn read(_fields: &mut Fields) -> Result<CreditRecordInput, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }

    pub fn compute(&self) -> Result<CreditRecordAnswer, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreditRecordAnswer;

impl CreditRecordAnswer {
    pub fn to_value(&self) -> Value {
        Value::Null
    }

    pub fn report(&self) -> Report {
        Report::default()
    }
}
