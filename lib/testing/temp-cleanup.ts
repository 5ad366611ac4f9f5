// Vitest setup file, run before each test file: once the file's tests and its own teardown are
// done (hooks registered here run last), the temporary folders it made through tempDir
// (fixtures.ts) are removed, so test runs do not fill the machine's temporary folder.
import { afterAll } from 'vitest';
import { removeTempDirs } from './fixtures';

afterAll(() => removeTempDirs());
