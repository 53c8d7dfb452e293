//! Files from outside: .npy inputs, .npz weights, zip archives, Keras model and weight files.

pub mod archive;
pub mod file;
pub mod h5;
pub mod keras;
pub mod keras_config;
pub mod keras_options;
pub mod npy;
pub mod npy_header;
pub mod npz;
pub mod safetensors;
pub mod text;
