import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RequirePermission } from '../auth/permissions';

/** The folder of the assets written by hand (the style sheet), in the sources, from the build (dist/…) or the sources (tests). */
function assetsFolder(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps/api/src/web/assets');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  throw new Error('apps/api/src/web/assets not found above ' + __dirname);
}

/** The browser script compiled from assets/forms.ts (its own tsconfig.json): it sits beside this file's build, in dist/…/web/assets. */
function compiledScript(name: string): string {
  const file = join(__dirname, 'assets', name);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npm run build)`);
  return file;
}

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

/** The files the pages load, read once; htmx comes from its npm package, no bundler (decision 0010). */
const FILES: Record<string, () => string> = {
  'app.css': () => join(assetsFolder(), 'app.css'),
  'forms.js': () => compiledScript('forms.js'),
  'htmx.min.js': () => require.resolve('htmx.org/dist/htmx.min.js'),
};

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly cache = new Map<string, Buffer>();

  @Get(':file')
  @RequirePermission('public')
  file(@Param('file') file: string, @Res() res: Response) {
    const locate = Object.prototype.hasOwnProperty.call(FILES, file) ? FILES[file] : undefined;
    if (!locate) throw new NotFoundException(`no asset ${file.slice(0, 100)}`);
    let body = this.cache.get(file);
    if (!body) this.cache.set(file, (body = readFileSync(locate())));
    res.setHeader('Content-Type', TYPES[file.split('.').pop()!]);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  }
}
