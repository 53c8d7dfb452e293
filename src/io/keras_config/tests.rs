//! Reading Keras model configs: the spellings of each Keras, refusals by name, and what the
//! writer's version changes.

use super::*;

fn spec(json: &str) -> Result<ModelSpec> {
    written_by(json, Writer::Keras3)
}

fn written_by(json: &str, writer: Writer) -> Result<ModelSpec> {
    parse("m.h5", "model_config", json, writer).map(|m| m.spec)
}

/// A Dense layer's activation; `None` for any other layer.
fn dense_activation(config: &LayerConfig) -> Option<Activation> {
    match config {
        LayerConfig::Dense { activation, .. } => Some(*activation),
        _ => None,
    }
}

#[test]
fn keras_2_2_list_config_with_the_input_on_the_first_layer() {
    let s = written_by(
        r#"{"class_name": "Sequential", "config": [
            {"class_name": "LSTM", "config": {"name": "lstm_1", "units": 4, "batch_input_shape": [null, 6, 3],
             "activation": "tanh", "recurrent_activation": "hard_sigmoid", "return_sequences": false}},
            {"class_name": "Dense", "config": {"name": "dense_1", "units": 2,
             "activation": {"module": "keras.activations", "class_name": "function", "config": "softmax"}}}]}"#,
        Writer::from_version(Some("2.2.4")),
    )
    .unwrap();
    assert_eq!(s.input.shape, Shape::Seq(Some(6), 3));
    assert_eq!(s.name, "sequential");
    let LayerConfig::Lstm(c) = &s.layers[0].config else {
        panic!()
    };
    assert_eq!(c.recurrent_activation, Activation::HardSigmoidKeras2);
    assert_eq!(dense_activation(&s.layers[1].config), Some(Activation::Softmax));
}

#[test]
fn a_built_sequential_without_an_input_layer() {
    let s = spec(
        r#"{"class_name": "Sequential", "config": {"name": "s", "build_input_shape": [null, 500],
            "layers": [{"class_name": "Embedding", "config": {"name": "e", "input_dim": 100, "output_dim": 8}},
                       {"class_name": "LSTM", "config": {"name": "l", "units": 4}}]}}"#,
    )
    .unwrap();
    assert_eq!(s.input.shape, Shape::Tokens(Some(500)));
    let e =
        spec(r#"{"class_name": "Sequential", "config": {"layers": [{"class_name": "LSTM", "config": {"units": 4}}]}}"#)
            .unwrap_err();
    assert!(e.message().contains("never built"), "{e}");
}

#[test]
fn refusals_name_the_layer_and_option() {
    let layer = |inner: &str| {
        spec(&format!(
            r#"{{"class_name": "Sequential", "config": {{"layers": [
                {{"class_name": "InputLayer", "config": {{"batch_shape": [null, 6, 3]}}}}, {inner}]}}}}"#
        ))
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        layer(
            r#"{"class_name": "Bidirectional", "config": {"name": "bi", "merge_mode": "concat",
                "layer": {"class_name": "LSTM", "config": {"units": 3}},
                "backward_layer": {"class_name": "LSTM", "config": {"units": 5, "go_backwards": true}}}}"#
        ),
        "m.h5: model_config: layer bi (Bidirectional): backward_layer is configured differently from the forward layer; lstm-tui runs the same LSTM both ways"
    );
    assert_eq!(
        layer(r#"{"class_name": "LSTM", "config": {"name": "l", "units": 3, "time_major": true}}"#),
        "m.h5: model_config: layer l (LSTM): time_major = true is not supported: lstm-tui reads (batch, timesteps, features)"
    );
    assert_eq!(
        layer(r#"{"class_name": "Dense", "config": {"name": "d", "units": 3, "lora_rank": 4}}"#),
        "m.h5: model_config: layer d (Dense): lora_rank = 4 is not supported: lstm-tui reads plain float weights"
    );
    assert_eq!(
        layer(r#"{"class_name": "LSTM", "config": {"name": "l", "units": 3, "activation": "gelu"}}"#)
            .split(": activation: ")
            .next(),
        Some("m.h5: model_config: layer l (LSTM)")
    );
    let e = spec(
        r#"{"class_name": "Sequential", "config": {"layers": [
            {"class_name": "InputLayer", "config": {"batch_shape": [null, 6, 3]}},
            {"class_name": "LSTM", "config": {"name": "l", "units": -3}}]}}"#,
    )
    .unwrap_err();
    assert!(
        matches!(e.innermost(), Kind::Value { key, expected: "a positive integer", found } if key == "units" && found == "-3"),
        "{e}"
    );
}

#[test]
fn the_writer_is_read_from_keras_version() {
    assert_eq!(Writer::from_version(Some("3.15.1")), Writer::Keras3);
    assert_eq!(Writer::from_version(Some("2.21.0")), Writer::Keras2);
    assert_eq!(Writer::from_version(Some("2.2.4-tf")), Writer::Keras2);
    assert_eq!(Writer::from_version(Some("1.2.2")), Writer::Keras2);
    assert_eq!(Writer::from_version(Some("tf")), Writer::Unknown);
    assert_eq!(Writer::from_version(None), Writer::Unknown);
}

/// One LSTM layer (`lstm` JSON) after an input of (6, 3), written by `writer`.
fn one_lstm(lstm: &str, writer: Writer) -> Result<ModelSpec> {
    written_by(
        &format!(
            r#"{{"class_name": "Sequential", "config": {{"layers": [
                {{"class_name": "InputLayer", "config": {{"batch_shape": [null, 6, 3]}}}}, {lstm}]}}}}"#
        ),
        writer,
    )
}

#[test]
fn hard_sigmoid_means_what_the_writer_meant() {
    let lstm = r#"{"class_name": "LSTM", "config": {"name": "l", "units": 3,
        "activation": "hard_sigmoid", "recurrent_activation": "hard_sigmoid"}}"#;
    for (writer, want) in [
        (Writer::Keras3, Activation::HardSigmoid),
        (Writer::Keras2, Activation::HardSigmoidKeras2),
    ] {
        let s = one_lstm(lstm, writer).unwrap();
        let LayerConfig::Lstm(c) = &s.layers[0].config else {
            panic!()
        };
        assert_eq!((c.activation, c.recurrent_activation), (want, want), "{writer:?}");
    }
    assert_eq!(
        one_lstm(lstm, Writer::Unknown).unwrap_err().to_string(),
        "m.h5: model_config: layer l (LSTM): activation: hard_sigmoid is clip(x/6 + 0.5, 0, 1) in Keras 3 but clip(0.2·x + 0.5, 0, 1) in Keras 2, and the file does not say which Keras wrote it (no keras_version)"
    );
    let dense = r#"{"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "hard_sigmoid"}}"#;
    let s = one_lstm(dense, Writer::Keras2).unwrap();
    assert_eq!(
        dense_activation(&s.layers[0].config),
        Some(Activation::HardSigmoidKeras2)
    );
}

#[test]
fn a_keras_2_lstm_must_say_its_recurrent_activation() {
    let lstm = r#"{"class_name": "LSTM", "config": {"name": "l", "units": 3}}"#;
    assert!(one_lstm(lstm, Writer::Keras3).is_ok());
    for writer in [Writer::Keras2, Writer::Unknown] {
        let e = one_lstm(lstm, writer).unwrap_err().to_string();
        assert_eq!(
            e,
            "m.h5: model_config: layer l (LSTM): recurrent_activation is missing: its default is sigmoid in tf.keras 2 and Keras 3 but was hard_sigmoid in Keras 2.0 to 2.3, and the file does not say it"
        );
    }
}

#[test]
fn bidirectional_around_go_backwards_is_what_each_keras_does() {
    let bidi = |backward: &str| {
        format!(
            r#"{{"class_name": "Bidirectional", "config": {{"name": "bi", "merge_mode": "concat",
                "layer": {{"class_name": "LSTM", "config": {{"name": "f", "units": 3,
                    "recurrent_activation": "sigmoid", "go_backwards": true}}}}{backward}}}}}"#
        )
    };
    // tf.keras 2 flips the copy: the forward layer reads backwards, the backward one forwards.
    let s = one_lstm(&bidi(""), Writer::Keras2).unwrap();
    let LayerConfig::Bidirectional { layer, .. } = &s.layers[0].config else {
        panic!()
    };
    assert!(layer.go_backwards);
    assert_eq!(
        one_lstm(&bidi(""), Writer::Keras3).unwrap_err().to_string(),
        format!(
            "m.h5: model_config: layer bi (Bidirectional): {}",
            ConfigMistake::GoBackwardsTwice { writer_unknown: false }
        )
    );
    assert!(
        one_lstm(&bidi(""), Writer::Unknown)
            .unwrap_err()
            .message()
            .ends_with("tf.keras 2 accepted it, and the file does not say which Keras wrote it (no keras_version)")
    );
    // With a backward_layer reading forwards, Keras 3 builds it too.
    let forwards = r#", "backward_layer": {"class_name": "LSTM", "config": {"name": "b", "units": 3,
        "recurrent_activation": "sigmoid", "go_backwards": false}}"#;
    assert!(one_lstm(&bidi(forwards), Writer::Keras3).is_ok());
    let backwards = forwards.replace("false", "true");
    assert_eq!(
        one_lstm(&bidi(&backwards), Writer::Keras3).unwrap_err().to_string(),
        "m.h5: model_config: layer bi (Bidirectional): layer and backward_layer both have go_backwards = true: Keras refuses a Bidirectional whose two layers read the same way"
    );
}

#[test]
fn flatten_needs_fixed_timesteps() {
    let e = spec(
        r#"{"class_name": "Sequential", "config": {"layers": [
            {"class_name": "InputLayer", "config": {"batch_shape": [null, null, 3]}},
            {"class_name": "LSTM", "config": {"name": "l", "units": 3, "return_sequences": true}},
            {"class_name": "Flatten", "config": {"name": "f"}}]}}"#,
    )
    .unwrap_err();
    assert!(
        e.message()
            .contains("layer f (Flatten) flattens a sequence of any length"),
        "{e}"
    );
}

#[test]
fn not_json_or_not_a_model() {
    assert!(matches!(
        spec("{").unwrap_err().innermost(),
        Kind::Syntax { format: "JSON", .. }
    ));
    assert!(
        spec(r#"{"class_name": "Adam", "config": {}}"#)
            .unwrap_err()
            .message()
            .contains("class_name is \"Adam\"")
    );
}
