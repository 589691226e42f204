#include <gtest/gtest.h>
TEST(Geo, Placeholder) {}
