import { ConfigError, type Config, type ConfigNeeds, loadConfig } from './config';

/** Loads the config for an app's main(): on a bad value, print which key and exit 1. */
export function configOrExit(needs: ConfigNeeds = {}): Config {
  try {
    return loadConfig(process.env, needs);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
