//! Files from outside: .npy inputs, .npz weights, zip archives, Keras HDF5 weights.

pub mod archive;
pub mod h5;
pub mod npy;
pub mod npz;
