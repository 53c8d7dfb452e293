//! The names of what an LSTM cell reads and records: the way it reads the sequence, its four
//! gates, and the six quantities recorded per unit and step, with one value of each held by name.
//! Where a gate's weights sit in Keras's arrays is lstm.rs's business alone.

/// Which way a cell reads the sequence: an LSTM layer has one forward cell, a Bidirectional
/// layer a forward and a backward one, in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
        }
    }

    /// The position of this direction's cell among a layer's cells.
    pub fn index(self) -> usize {
        match self {
            Direction::Forward => 0,
            Direction::Backward => 1,
        }
    }

    /// The other way.
    pub fn other(self) -> Direction {
        match self {
            Direction::Forward => Direction::Backward,
            Direction::Backward => Direction::Forward,
        }
    }

    /// This direction if a layer of `cells` cells has it, else forward.
    pub fn within(self, cells: usize) -> Direction {
        if self.index() < cells { self } else { Direction::Forward }
    }
}

/// The four gates of an LSTM, each with its own block of weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Input gate i.
    Input,
    /// Forget gate f.
    Forget,
    /// Candidate g (Keras calls it "c").
    Candidate,
    /// Output gate o.
    Output,
}

/// A quantity recorded per unit and step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    I,
    F,
    G,
    O,
    C,
    H,
}

impl Quantity {
    /// The order the debugger lists them in: the forget gate first, as the story of a step
    /// starts with what the cell keeps.
    pub const ALL: [Quantity; 6] = [
        Quantity::F,
        Quantity::I,
        Quantity::G,
        Quantity::O,
        Quantity::C,
        Quantity::H,
    ];

    /// i, f, g, o, c, h: the order of the fields of [`Quantities`] and of the written trace.
    pub const IN_ORDER: [Quantity; 6] = [
        Quantity::I,
        Quantity::F,
        Quantity::G,
        Quantity::O,
        Quantity::C,
        Quantity::H,
    ];

    /// The letter used in the trace and in breakpoint conditions.
    pub fn letter(self) -> &'static str {
        match self {
            Quantity::I => "i",
            Quantity::F => "f",
            Quantity::G => "g",
            Quantity::O => "o",
            Quantity::C => "c",
            Quantity::H => "h",
        }
    }

    /// A name a student understands.
    pub fn title(self) -> &'static str {
        match self {
            Quantity::I => "input gate",
            Quantity::F => "forget gate",
            Quantity::G => "candidate",
            Quantity::O => "output gate",
            Quantity::C => "cell state",
            Quantity::H => "hidden state",
        }
    }

    pub fn from_letter(s: &str) -> Option<Self> {
        Quantity::ALL.into_iter().find(|q| q.letter() == s)
    }

    /// The gate a quantity is the value of; `None` for the states c and h.
    pub fn gate(self) -> Option<Gate> {
        match self {
            Quantity::I => Some(Gate::Input),
            Quantity::F => Some(Gate::Forget),
            Quantity::G => Some(Gate::Candidate),
            Quantity::O => Some(Gate::Output),
            Quantity::C | Quantity::H => None,
        }
    }
}

/// One value for each recorded quantity, by name: the four gates i, f, g, o and the states c, h.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantities<T> {
    pub i: T,
    pub f: T,
    pub g: T,
    pub o: T,
    pub c: T,
    pub h: T,
}

impl<T> Quantities<T> {
    /// Each quantity's value made by `make`.
    pub fn from_fn(mut make: impl FnMut(Quantity) -> T) -> Self {
        Quantities {
            i: make(Quantity::I),
            f: make(Quantity::F),
            g: make(Quantity::G),
            o: make(Quantity::O),
            c: make(Quantity::C),
            h: make(Quantity::H),
        }
    }

    pub fn get(&self, q: Quantity) -> &T {
        match q {
            Quantity::I => &self.i,
            Quantity::F => &self.f,
            Quantity::G => &self.g,
            Quantity::O => &self.o,
            Quantity::C => &self.c,
            Quantity::H => &self.h,
        }
    }

    pub fn get_mut(&mut self, q: Quantity) -> &mut T {
        match q {
            Quantity::I => &mut self.i,
            Quantity::F => &mut self.f,
            Quantity::G => &mut self.g,
            Quantity::O => &mut self.o,
            Quantity::C => &mut self.c,
            Quantity::H => &mut self.h,
        }
    }

    /// Every quantity with its value, in field order.
    pub fn iter(&self) -> impl Iterator<Item = (Quantity, &T)> {
        Quantity::IN_ORDER.into_iter().map(move |q| (q, self.get(q)))
    }

    /// The same quantities, each value changed by `f`.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Quantities<U> {
        Quantities {
            i: f(self.i),
            f: f(self.f),
            g: f(self.g),
            o: f(self.o),
            c: f(self.c),
            h: f(self.h),
        }
    }
}
