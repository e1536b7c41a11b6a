package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSecretFileTest {
    @TempDir
    Path dir;

    @Test
    void firstStartCreatesAnOwnerOnlySecretInAnOwnerOnlyDirectory() throws Exception {
        Path home = dir.resolve("canal-home");
        String secret = DevSecretFile.in(home).loadOrCreate();
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        Path file = home.resolve("dev-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(secret);
    }

    @Test
    void laterStartsReuseTheSameSecret() {
        String first = DevSecretFile.in(dir).loadOrCreate();
        String second = DevSecretFile.in(dir).loadOrCreate();
        assertThat(second).isEqualTo(first);
        assertThat(DevSecretFile.in(dir.resolve("other")).loadOrCreate()).isNotEqualTo(first);
    }

    @Test
    void aSecretOthersCanReadIsRefusedNotUsed() throws Exception {
        DevSecretFile file = DevSecretFile.in(dir);
        file.loadOrCreate();
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(file::loadOrCreate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void devSecretSourceReadsTheFile() {
        String secret = DevSecretFile.in(dir).loadOrCreate();
        assertThat(new String(new JwtSecretSource.DevGenerated().secret(dir))).isEqualTo(secret);
    }
}
