package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenCheckTest {
    private static final String TOK_SHA256 = "1a7674eb4ee78df7e1ac439a93c3fa8e3c945784d4dec9fd8e3011738b2f1d62";

    @Test
    void theContractHashIsLowercaseHexSha256OfTheUtf8Bytes() {
        assertThat(TokenCheck.sha256Hex("tok")).isEqualTo(TOK_SHA256);
        assertThat(Tokens.sha256Hex("tok")).isEqualTo(TOK_SHA256);
    }

    @Test
    void acceptsExactlyTheTokenWhoseHashItHolds() {
        TokenCheck check = TokenCheck.ofHexHashes(Set.of(TOK_SHA256));

        assertThat(check.accepts(bytes("tok"))).isTrue();
        assertThat(check.accepts(bytes("to"))).isFalse();
        assertThat(check.accepts(bytes("tok "))).isFalse();
        assertThat(check.accepts(bytes("TOK"))).isFalse();
        assertThat(check.accepts(new byte[0])).isFalse();
    }

    @Test
    void acceptsAnyOfSeveralTokens() {
        TokenCheck check = TokenCheck.ofHexHashes(Set.of(TokenCheck.sha256Hex("alice"), TokenCheck.sha256Hex("bob")));

        assertThat(check.size()).isEqualTo(2);
        assertThat(check.accepts(bytes("alice"))).isTrue();
        assertThat(check.accepts(bytes("bob"))).isTrue();
        assertThat(check.accepts(bytes("carol"))).isFalse();
    }

    @Test
    void anEmptySetAcceptsNothing() {
        assertThat(TokenCheck.ofHexHashes(Set.of()).accepts(bytes(""))).isFalse();
    }

    @Test
    void hashesInUppercaseOrWithSurroundingWhitespaceAreAccepted() {
        TokenCheck check = TokenCheck.ofHexHashes(Set.of(" " + TOK_SHA256.toUpperCase() + "\n"));

        assertThat(check.accepts(bytes("tok"))).isTrue();
    }

    @Test
    void replaceTakesEffectForTheNextCheck() {
        TokenCheck check = TokenCheck.ofHexHashes(Set.of(TOK_SHA256));

        check.replace(Set.of(TokenCheck.sha256Hex("new")));

        assertThat(check.accepts(bytes("tok"))).isFalse();
        assertThat(check.accepts(bytes("new"))).isTrue();
    }

    @Test
    void aHashThatIsNotSixtyFourHexDigitsIsRefusedWithoutEchoingItWhole() {
        String notHex = "g" + TOK_SHA256.substring(1);

        assertThatThrownBy(() -> TokenCheck.ofHexHashes(Set.of(notHex)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a SHA-256 hex hash (64 hex digits): 'ga7674eb4ee7...'")
                .hasMessageNotContaining(notHex);
        assertThatThrownBy(() -> TokenCheck.ofHexHashes(Set.of(TOK_SHA256.substring(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a SHA-256 hex hash (64 hex digits)");
    }

    @Test
    void aFailedReplaceKeepsTheHashesItHad() {
        TokenCheck check = TokenCheck.ofHexHashes(Set.of(TOK_SHA256));

        assertThatThrownBy(() -> check.replace(Set.of("nope"))).isInstanceOf(IllegalArgumentException.class);

        assertThat(check.accepts(bytes("tok"))).isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
