//! STUB — to be replaced by the real implementation (see CALCULATOR.md).

use crate::report::{FieldSpec, Report};
use crate::value::{Fields, InputError, Value};

pub const FORM: &[FieldSpec] = &[];

#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyInput;

impl PenaltyInput {
    pub fn read(_fields: &mut Fields) -> Result<PenaltyInput, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }

    pub fn compute(&self) -> Result<PenaltyAnswer, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyAnswer;

impl PenaltyAnswer {
    pub fn to_value(&self) -> Value {
        Value::Null
    }

    pub fn report(&self) -> Report {
        Report::default()
    }
}
