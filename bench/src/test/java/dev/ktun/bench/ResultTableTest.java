package dev.ktun.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static ResultTable twoRows() {
        ResultTable table = new ResultTable();
        table.add(new Row("T1", "bulk", "17.9 Gbit/s", "9.1 Gbit/s", "51 %", ">= 50 % of direct", Verdict.PASS));
        table.add(new Row("T3", "echo p50", "18.0 us", "60.2 us", "+42.2 us", "<= 25.0 us added", Verdict.MISS));
        return table;
    }

    @Test
    void textAlignsEveryColumnUnderItsHeader() {
        List<String> lines = twoRows().text().lines().toList();

        assertThat(lines).hasSize(4);
        int ktunColumn = lines.get(0).indexOf("ktun ");
        assertThat(lines.get(2).indexOf("9.1 Gbit/s")).isEqualTo(ktunColumn);
        assertThat(lines.get(3).indexOf("60.2 us")).isEqualTo(ktunColumn);
        assertThat(lines.get(1)).matches("-+").hasSameSizeAs(lines.get(0));
    }

    @Test
    void markdownHasAHeaderASeparatorAndOneLinePerRow() {
        assertThat(twoRows().markdown()).isEqualTo("""
                | Target | What | Direct | ktun | ktun vs direct | Target | Result |
                |---|---|---|---|---|---|---|
                | T1 | bulk | 17.9 Gbit/s | 9.1 Gbit/s | 51 % | >= 50 % of direct | PASS |
                | T3 | echo p50 | 18.0 us | 60.2 us | +42.2 us | <= 25.0 us added | MISS |
                """);
    }

    @Test
    void aPipeInACellDoesNotSplitTheMarkdownColumn() {
        ResultTable table = new ResultTable();
        table.add(new Row("T9", "a | b", "-", "-", "-", "-", Verdict.PASS));

        assertThat(table.markdown().lines().toList().get(2)).contains("a \\| b");
    }
}
