//! STUB — to be replaced by the real implementation (see CALCULATOR.md).

use crate::report::{FieldSpec, Report};
use crate::value::{Fields, InputError, Value};

pub const FORM: &[FieldSpec] = &[];

#[derive(Debug, Clone, PartialEq)]
pub struct GraceInput;

impl GraceInput {
    pub fn read(_fields: &mut Fields) -> Result<GraceInput, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }

    pub fn compute(&self) -> Result<GraceAnswer, InputError> {
        Err(InputError::new("kind", "尚未实现"))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraceAnswer;

impl GraceAnswer {
    pub fn to_value(&self) -> Value {
        Value::Null
    }

    pub fn report(&self) -> Report {
        Report::default()
    }
}
