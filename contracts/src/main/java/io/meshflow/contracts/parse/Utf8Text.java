package io.meshflow.contracts.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text that must be UTF-8, decoded strictly: bad bytes are reported by line and byte offset. */
public final class Utf8Text {
  private Utf8Text() {}

  /** Bytes that are not UTF-8, at a line (from 1) and a byte offset (from 0) of their text. */
  public static final class MalformedException extends IllegalArgumentException {
    private final int line;
    private final long offset;

    MalformedException(int line, long offset) {
      super("is not valid UTF-8: line " + line + ", byte offset " + offset);
      this.line = line;
      this.offset = offset;
    }

    public int line() {
      return line;
    }

    public long offset() {
      return offset;
    }
  }

  /** Decodes {@code bytes}, or throws {@link MalformedException} at the first bad byte. */
  public static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out =
        CharBuffer.allocate((int) (bytes.length * (double) decoder.maxCharsPerByte()) + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
      throw new MalformedException(line, offset);
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }
}
