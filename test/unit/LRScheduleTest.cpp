//===- LRScheduleTest.cpp - Schedules give torch.optim's rates ------------===//
//
// Expected values printed by torch 1.13's lr_scheduler (SGD, base lr 0.1),
// reading optimizer.param_groups[0]['lr'] before each scheduler.step().
//
//===----------------------------------------------------------------------===//
#include "sinter/runtime/LRSchedule.h"

#include <gtest/gtest.h>

#include <vector>

using namespace sinter;

namespace {

void expectRates(const LRSchedule &s, const std::vector<double> &torch) {
  for (size_t t = 0; t < torch.size(); ++t)
    EXPECT_NEAR(s.lr(0.1, int64_t(t)), torch[t], 1e-12 * torch[t])
        << s.describe() << " at t=" << t;
}

TEST(LRSchedule, StepLRMatchesTorch) {
  expectRates(StepLR(3, 0.5),
              {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025});
}

TEST(LRSchedule, CosineAnnealingMatchesTorchIncludingPastTMax) {
  expectRates(CosineAnnealingLR(10, 0.001),
              {0.1, 0.09757729755661011, 0.0905463412215599,
               0.07959536998847742, 0.0657963412215599, 0.0505,
               0.03520365877844011, 0.02140463001152259,
               0.010453658778440109, 0.0034227024433899004, 0.001,
               0.0034227024433899004});
}

TEST(LRSchedule, LinearWarmupMatchesTorch) {
  expectRates(LinearLR(0.25, 1.0, 4),
              {0.025, 0.043750000000000004, 0.06250000000000001,
               0.08125000000000002, 0.10000000000000002, 0.10000000000000002,
               0.10000000000000002});
}

TEST(LRSchedule, ParsesCommandLineForms) {
  std::string error;
  auto step = LRSchedule::parse("step:3:0.5", error);
  ASSERT_TRUE(step) << error;
  EXPECT_EQ(step->describe(), "StepLR(step_size=3, gamma=0.5)");
  EXPECT_DOUBLE_EQ(step->lr(1.0, 3), 0.5);
  auto cosine = LRSchedule::parse("cosine:10", error);
  ASSERT_TRUE(cosine) << error;
  EXPECT_DOUBLE_EQ(cosine->lr(1.0, 10), 0.0);
  auto warmup = LRSchedule::parse("warmup:4:0.25", error);
  ASSERT_TRUE(warmup) << error;
  EXPECT_DOUBLE_EQ(warmup->lr(1.0, 0), 0.25);
  auto constant = LRSchedule::parse("constant", error);
  ASSERT_TRUE(constant) << error;
  EXPECT_DOUBLE_EQ(constant->lr(0.3, 1000), 0.3);
}

TEST(LRSchedule, RejectsMalformedSpecsWithAMessage) {
  struct Case {
    const char *spec, *words;
  } cases[] = {
      {"", "empty learning-rate schedule"},
      {"exponential:0.9", "unknown learning-rate schedule 'exponential:0.9'"},
      {"step", "takes 1 to 2 numbers"},
      {"step:abc", "'abc' in learning-rate schedule 'step:abc' is not a number"},
      {"step:0", "step_size must be a positive integer"},
      {"step:2.5", "step_size must be a positive integer"},
      {"cosine:-3", "T_max must be a positive integer"},
      {"warmup:5:0", "factors must lie in"},
      {"warmup:5:0.5:1:7", "takes 1 to 3 numbers"},
  };
  for (const Case &c : cases) {
    std::string error;
    EXPECT_FALSE(LRSchedule::parse(c.spec, error)) << c.spec;
    EXPECT_NE(error.find(c.words), std::string::npos)
        << c.spec << ": " << error;
  }
}

} // namespace
