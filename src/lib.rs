//! stdshadow: find local Python modules that shadow the standard library under the search path
//! the code really runs with.
//!
//! The pipeline, data flowing one way: [`settings`] → [`discovery`] → [`imports`] (the scan) →
//! [`contexts`] (configured and inferred; [`finder`] answers what a directory holds) → [`graph`]
//! (with [`resolve`] over the search path and the tables in [`python`]) → [`project`] → [`rules`] → [`diagnostic`] → [`render`]. [`check`] runs it.

pub mod check;
pub mod cli;
pub mod contexts;
pub mod diagnostic;
pub mod discovery;
pub mod finder;
pub mod fix;
pub mod graph;
pub mod imports;
pub mod message;
pub mod notebook;
pub mod paths;
pub mod project;
pub mod python;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod settings;
pub mod shadows;
pub mod simulate;
pub mod sources;
