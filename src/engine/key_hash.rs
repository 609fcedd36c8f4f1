//! `key_hash(a, b, …)`: a 64-bit hash of its arguments, NULLs included,
//! the same in every process (so on a cluster's executors too).
//!
//! For grouping or joining on a long key through a number. The KPI tables
//! look for the callers with two tickets or more of one category: a year of
//! the 10M-ticket bench store holds ten million distinct caller keys, and
//! grouping them as 32-character strings built the largest hash table of
//! the whole analysis. Grouped by this hash, the table holds integers. A
//! collision (two keys, one hash) can only add a candidate, and the query
//! then partitions the candidates by the keys themselves, so results are
//! exact.
//!
//! It is DataFusion's own row hashing ([`create_hashes`], the hash of its
//! joins and repartitions) with a fixed seed.

use std::sync::Arc;

use datafusion::arrow::array::UInt64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::hash_utils::{RandomState, create_hashes};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

/// The seed: any fixed value; changing it changes no result.
const SEED: u64 = 0x12345;

/// The function, to register in a session.
pub fn udf() -> ScalarUDF {
    ScalarUDF::from(KeyHash {
        signature: Signature::variadic_any(Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct KeyHash {
    signature: Signature,
}

impl ScalarUDFImpl for KeyHash {
    fn name(&self) -> &str {
        "key_hash"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        if arg_types.is_empty() {
            return exec_err!("key_hash takes one argument or more: the columns of the key");
        }
        Ok(DataType::UInt64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let mut hashes = vec![0u64; args.number_rows];
        create_hashes(&arrays, &RandomState::with_seed(SEED), &mut hashes)?;
        Ok(ColumnarValue::Array(Arc::new(UInt64Array::from(hashes))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{AsArray, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{Field, Schema, UInt64Type};
    use datafusion::prelude::SessionContext;

    const PINNED: u64 = 4_807_493_073_468_204_793;

    #[tokio::test]
    async fn equal_keys_hash_equal_and_differ_otherwise_nulls_included() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("a", DataType::Utf8, true),
            Field::new("b", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![
                    Some("k1"),
                    Some("k1"),
                    Some("k1"),
                    Some("k2"),
                    Some("k1"),
                ])),
                Arc::new(StringArray::from(vec![
                    Some("供暖"),
                    Some("供暖"),
                    Some("噪音"),
                    Some("供暖"),
                    None,
                ])),
            ],
        )
        .unwrap();
        let ctx = SessionContext::new();
        ctx.register_udf(udf());
        ctx.register_batch("t", batch).unwrap();
        let out = ctx
            .sql("SELECT key_hash(a, b) AS h FROM t")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let h = out[0].column(0).as_primitive::<UInt64Type>();
        assert_eq!(h.value(0), h.value(1));
        let distinct: std::collections::BTreeSet<u64> = (1..5).map(|i| h.value(i)).collect();
        assert_eq!(distinct.len(), 4, "{h:?}");
        // The same value in every process (a cluster's executors group and
        // join on it): pinned, so a hash seeded per process would fail here.
        // (A new foldhash version may change the value; update it then.)
        let single = ctx
            .sql("SELECT key_hash('k1')")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let v = single[0].column(0).as_primitive::<UInt64Type>().value(0);
        assert_eq!(v, PINNED, "key_hash('k1') = {v}");
    }
}
