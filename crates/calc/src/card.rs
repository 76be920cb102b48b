//! STUB — to be replaced by the real implementation (see CALCULATOR.md).

use crate::report::{FieldSpec, Report};
use crate::value::{Fields, InputError, Value};

pub const FORM: &[FieldSpec] = &[];

#[derive(Debug, Clone, PartialEq)]
pub struct CardInput;

impl CardInput {
    pub fn read(_fields: &mut Fields) -> Result<CardInput, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }

    pub fn compute(&self) -> Result<CardAnswer, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardAnswer;

impl CardAnswer {
    pub fn to_value(&self) -> Value {
        Value::Null
    }

    pub fn report(&self) -> Report {
        Report::default()
    }
}
