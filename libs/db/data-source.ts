// Entry point for the TypeORM CLI (`npm run migration:generate -- libs/db/migrations/<name>`).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required to run TypeORM CLI commands');

export default new DataSource(dataSourceOptions(url));
