//! The playbook's decision and cost models: pure functions from typed inputs to typed results.
