#pragma once

namespace mig::ops {

// std::visit over a set of lambdas, one per operation kind.
template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace mig::ops
