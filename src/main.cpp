#include "cli/cli.hpp"

int main(int argc, char** argv) {
    return mig::cli::run(argc, argv);
}
