package ai.composo.bench.judge.publicdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void unitIsTheFirstEightBytesOfSha256() {
        // pinned values (computed independently with Python's hashlib): a change here changes every split
        assertThat(Split.unit("summedits:news_0")).isCloseTo(0.5299836327173493, within(1e-15));
        assertThat(Split.unit("key-5")).isCloseTo(0.01657394066184603, within(1e-15));
        assertThat(Split.of("summedits:news_0")).isEqualTo("test");
        assertThat(Split.of("key-5")).isEqualTo("dev");
    }

    @Test
    void deterministicAndAboutThirtyPercentDev() {
        int dev = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String k = "dataset:" + i;
            String s = Split.of(k);
            assertThat(Split.of(k)).isEqualTo(s);
            double u = Split.unit(k);
            assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            if (s.equals("dev")) {
                dev++;
            }
        }
        assertThat(dev / (double) n).isCloseTo(Split.DEV_FRACTION, within(0.015));
    }

    @Test
    void aGroupStaysInOneSplit() {
        List<BenchItem> items = new ArrayList<>();
        for (int g = 0; g < 50; g++) {
            for (int i = 0; i < 5; i++) {
                items.add(item("s", "k" + g + "-" + i, "group" + g));
            }
        }
        Map<String, Long> splitsPerGroup = items.stream().collect(Collectors.groupingBy(BenchItem::group,
                Collectors.mapping(BenchItem::split, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        assertThat(splitsPerGroup.values()).containsOnly(1L);
    }

    @Test
    void capTakesSourcesRoundRobinInHashOrder() {
        List<BenchItem> items = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            items.add(item("big", "big:" + i, "big:" + i));
        }
        for (int i = 0; i < 10; i++) {
            items.add(item("small", "small:" + i, "small:" + i));
        }
        List<BenchItem> test = Split.select(items, "test", 50);
        assertThat(test).hasSize(50).allMatch(i -> i.split().equals("test"));
        long smallTest = items.stream().filter(i -> i.source().equals("small") && i.split().equals("test")).count();
        assertThat(test.stream().filter(i -> i.source().equals("small")).count()).isEqualTo(smallTest);
        // deterministic, and independent of the input order
        List<BenchItem> reversed = new ArrayList<>(items);
        java.util.Collections.reverse(reversed);
        assertThat(Split.select(reversed, "test", 50)).isEqualTo(test);
        // the big source contributes its lowest u(key) items
        List<Double> big = test.stream().filter(i -> i.source().equals("big")).map(i -> Split.unit(i.key())).toList();
        double maxTaken = big.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        long below = items.stream().filter(i -> i.source().equals("big") && i.split().equals("test") && Split.unit(i.key()) <= maxTaken).count();
        assertThat(below).isEqualTo(big.size());
        // no item is in both splits
        List<BenchItem> dev = Split.select(items, "dev", 1000);
        assertThat(dev).doesNotContainAnyElementsOf(Split.select(items, "test", 1000));
        assertThat(dev.size() + Split.select(items, "test", 1000).size()).isEqualTo(items.size());
    }

    private static BenchItem item(String source, String key, String group) {
        return BenchItem.of("k", "d", source, key, group, List.of(), "good", "bad");
    }
}
