//! Files from outside: .npy inputs, .npz weights, zip archives.

pub mod archive;
pub mod npy;
pub mod npz;
