package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    @TempDir
    Path dir;

    @Test
    void theTokenIsTheFilesTextWithSurroundingWhitespaceTrimmed() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), " \t s3cret-token \r\n\n");

        assertThat(Tokens.readFile(file)).isEqualTo("s3cret-token");
    }

    @Test
    void theHashOfTheTrimmedTokenIsWhatSha256sumGivesForTheFileWithoutNewline() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "tok\n");

        assertThat(Tokens.sha256Hex(Tokens.readFile(file)))
                .isEqualTo("1a7674eb4ee78df7e1ac439a93c3fa8e3c945784d4dec9fd8e3011738b2f1d62");
    }

    @Test
    void anEmptyOrBlankFileIsRefusedAsEmpty() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path blank = Files.writeString(dir.resolve("blank"), "  \n\t\n");

        assertThatThrownBy(() -> Tokens.readFile(empty)).isInstanceOf(IOException.class).hasMessage("token file " + empty + " is empty");
        assertThatThrownBy(() -> Tokens.readFile(blank)).isInstanceOf(IOException.class).hasMessage("token file " + blank + " is empty");
    }

    @Test
    void aMissingFileOrADirectoryIsRefusedByName() {
        Path missing = dir.resolve("no-such-token");

        assertThatThrownBy(() -> Tokens.readFile(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("token file " + missing + " does not exist or is not a file");
        assertThatThrownBy(() -> Tokens.readFile(dir))
                .isInstanceOf(IOException.class)
                .hasMessage("token file " + dir + " does not exist or is not a file");
    }

    @Test
    void aFileLargerThanAnyTokenIsRefused() throws IOException {
        Path big = Files.writeString(dir.resolve("big"), "x".repeat(Hello.MAX_TOKEN + 1));

        assertThatThrownBy(() -> Tokens.readFile(big))
                .isInstanceOf(IOException.class)
                .hasMessage("token file " + big + " holds more than 1024 bytes: not a ktun token");
    }

    @Test
    void freshTokensAreUrlSafe256BitTextAndNeverRepeat() {
        String a = Tokens.fresh();
        String b = Tokens.fresh();

        assertThat(a).matches("[A-Za-z0-9_-]{43}");
        assertThat(a).isNotEqualTo(b);
    }
}
